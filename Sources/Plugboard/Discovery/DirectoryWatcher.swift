import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// Watches a directory with inotify (no polling) and reports that something in it changed: a file created,
/// written and closed, moved in or out, deleted, or its mode changed (a plugin made executable).
///
/// The watch is in place when ``init(directory:)`` returns, so nothing that happens after it is missed, even before
/// ``run(group:quiet:changed:)`` starts reading.
struct DirectoryWatcher: Sendable {
    let directory: String
    private let descriptor: Int32

    /// Why watching could not start.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    init(directory: String) throws(Failure) {
        #if canImport(Glibc)
        let fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0 else { throw Failure(description: "inotify_init1: \(String(cString: strerror(errno)))") }
        let mask = UInt32(IN_CREATE | IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF)
        guard inotify_add_watch(fd, directory, mask) >= 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw Failure(description: "cannot watch \(directory): \(reason)")
        }
        self.directory = directory
        self.descriptor = fd
        #else
        throw Failure(description: "directory watching needs inotify (Linux)")
        #endif
    }

    /// Calls `changed` (debounced: once per burst, after `quiet` without further events) until the task is
    /// cancelled or the directory goes away. Takes ownership of the inotify descriptor and closes it on return.
    func run(group: any EventLoopGroup, quiet: Duration = .milliseconds(100), changed: @escaping @Sendable () async -> Void) async throws {
        let (ticks, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        do {
            channel = try await NIOPipeBootstrap(group: group)
                .takingOwnershipOfDescriptor(input: descriptor) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            close(descriptor)
            throw error
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await channel.executeThenClose { inbound, _ in
                    for try await _ in inbound { continuation.yield() }
                }
                continuation.finish()
            }
            group.addTask {
                for await _ in ticks {
                    // Let a burst (a copy, a rename, a chmod) settle, then look once.
                    try await Task.sleep(for: quiet)
                    await changed()
                }
            }
            defer { group.cancelAll() }
            try await group.next()
        }
    }
}
