#if canImport(Glibc)
import Glibc
#endif

/// Runs blocking work (socket I/O with its own timeouts, `waitpid`) on a POSIX thread of its own, so that the one
/// event loop thread that is also Swift concurrency's executor in `plugboard` never blocks.
enum OffLoop {
    /// Runs `body` on a new detached thread and returns its result.
    static func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { (continuation: CheckedContinuation<T, Never>) in
            let start = ThreadStart { continuation.resume(returning: body()) }
            let context = Unmanaged.passRetained(start).toOpaque()
            var attributes = pthread_attr_t()
            pthread_attr_init(&attributes)
            pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
            defer { pthread_attr_destroy(&attributes) }
            var thread = pthread_t()
            let status = pthread_create(&thread, &attributes, { context in
                Unmanaged<ThreadStart>.fromOpaque(context!).takeRetainedValue().body()
                return nil
            }, context)
            if status != 0 {
                // No thread: run it here rather than not at all.
                Unmanaged<ThreadStart>.fromOpaque(context).takeRetainedValue().body()
            }
        }
    }
}
