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
    /// Whether stdin is a pipe or a socket; when it is not (a terminal, `/dev/null`, a file: nobody holds it for us
    /// to watch), says so in the log.
    static func inputIsWatchable(logger: Logger) -> Bool {
        var info = stat()
        guard fstat(0, &info) == 0, (info.st_mode & S_IFMT) == S_IFIFO || (info.st_mode & S_IFMT) == S_IFSOCK else {
            logger.warning("parentWatch needs stdin to be a pipe held by the host; it is not, so the host's death will not stop this plugin")
            return false
        }
        return true
    }

    /// Fires `stop` when stdin reaches end-of-file, read through a pipe channel on `group` (a plugin that calls
    /// ``Plugin/run(arguments:)`` itself; ``PluginMain`` watches stdin on its main thread, see ``MainThreadWatch``).
    /// Check ``inputIsWatchable(logger:)`` first.
    static func waitForEndOfInput(group: any EventLoopGroup, logger: Logger, stop: StopTrigger) async {
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
