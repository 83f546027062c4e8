import NIOCore
import NIOPosix

/// Watches stdin for end-of-file: a v2 host holds the write end of a pipe on the plugin's stdin, so EOF means the
/// host is gone (even after `kill -9`), and the plugin must not outlive it.
enum ParentWatch {
    /// Returns when stdin reaches end-of-file or fails.
    static func waitForEndOfInput(group: any EventLoopGroup) async {
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
        } catch {
            // A stdin that cannot be watched (a file, a terminal) counts as gone only if reading failed outright.
        }
    }
}
