import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A POSIX thread that runs one closure and is joined for its result.
///
/// The floor measurements run on these, with blocking `read`/`write`, so that the floor is the machine's (kernel
/// plus scheduler), not Swift concurrency's.
///
/// ```swift
/// let thread = try PosixThread { 6 * 7 }
/// let answer = thread.join()   // 42
/// ```
final class PosixThread<Result: Sendable>: Sendable {
    private let thread: pthread_t
    private let result: Outcome

    /// Where the thread leaves its result; read only after `pthread_join`.
    private final class Outcome: Sendable {
        let value = Mutex<Result?>(nil)
    }

    /// Starts a thread running `body`.
    ///
    /// - Throws: ``CommandFailure`` when the thread cannot be created.
    init(_ body: @escaping @Sendable () -> Result) throws {
        let outcome = Outcome()
        let start = ThreadStart { outcome.value.withLock { $0 = body() } }
        let context = Unmanaged.passRetained(start).toOpaque()
        var thread = pthread_t()
        let status = pthread_create(&thread, nil, { context in
            Unmanaged<ThreadStart>.fromOpaque(context!).takeRetainedValue().body()
            return nil
        }, context)
        guard status == 0 else {
            Unmanaged<ThreadStart>.fromOpaque(context).release()
            throw CommandFailure(message: "bench: cannot start a thread: error \(status)")
        }
        self.thread = thread
        self.result = outcome
    }

    /// Waits for the thread to finish and returns what its closure returned. Call once.
    func join() -> Result {
        pthread_join(thread, nil)
        guard let value = result.value.withLock({ $0 }) else { preconditionFailure("thread finished without a result") }
        return value
    }
}
