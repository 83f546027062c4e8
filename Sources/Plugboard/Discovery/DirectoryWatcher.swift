import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// Watches a directory with inotify (no polling) and reports that something in it changed: a file created,
/// written and closed, moved in or out, deleted, or its mode changed (a plugin made executable).
struct DirectoryWatcher: Sendable {
    let directory: String

    /// Why watching could not start.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Calls `changed` (debounced: once per burst, after `quiet` without further events) until the task is
    /// cancelled or the directory goes away.
    func run(group: any EventLoopGroup, quiet: Duration = .milliseconds(100), changed: @escaping @Sendable () async -> Void) async throws {
        #if canImport(Glibc)
        let fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0 else { throw Failure(description: "inotify_init1: \(String(cString: strerror(errno)))") }
        let mask = UInt32(IN_CREATE | IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF)
        guard inotify_add_watch(fd, directory, mask) >= 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw Failure(description: "cannot watch \(directory): \(reason)")
        }
        let (ticks, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let channel = try await NIOPipeBootstrap(group: group)
            .takingOwnershipOfDescriptor(input: fd) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
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
        #else
        throw Failure(description: "directory watching needs inotify (Linux)")
        #endif
    }
}
