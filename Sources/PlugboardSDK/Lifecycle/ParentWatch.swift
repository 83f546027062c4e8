import Logging
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Watches stdin for end-of-file: a v2 host holds the write end of a pipe on the plugin's stdin, so EOF means the
/// host is gone (even after `kill -9`), and the plugin must not outlive it.
enum ParentWatch {
    /// Fires `stop` when stdin reaches end-of-file. Returns without firing when stdin is not a pipe or socket
    /// (a terminal, `/dev/null`, a file: nobody holds it for us to watch), saying so in the log.
    static func waitForEndOfInput(group: any EventLoopGroup, logger: Logger, stop: StopTrigger) async {
        var info = stat()
        guard fstat(0, &info) == 0, (info.st_mode & S_IFMT) == S_IFIFO || (info.st_mode & S_IFMT) == S_IFSOCK else {
            logger.warning("parentWatch needs stdin to be a pipe held by the host; it is not, so the host's death will not stop this plugin")
            return
        }
        do {
            let channel = try await NIOPipeBootstrap(group: group)
                .takingOwnershipOfDescriptor(input: 0) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
            try await channel.executeThenClose { inbound, _ in
                for try await _ in inbound {}
            }
        } catch is CancellationError {
            return
        } catch {
            logger.debug("stdin read ended with an error", metadata: ["error": "\(error)"])
        }
        if !Task.isCancelled { stop.fire(.hostGone) }
    }
}
