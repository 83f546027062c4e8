import NIOCore

extension EventLoop {
    /// Suspends the calling task until `deadline` on this loop's own timer; throws `CancellationError` when the task
    /// is cancelled first.
    ///
    /// `Task.sleep` does the same through Swift concurrency's delayed-enqueue hook, which SwiftNIO's executor
    /// take-over does not cover: a plugin's first sleep started Dispatch's timer thread and a worker in a process that
    /// otherwise runs on its main thread and one event loop. The idle timeout and the drain's grace sleep here, so a
    /// plugin with an idle timeout stays at those two threads (docs/PERFORMANCE.md).
    func sleep(until deadline: ContinuousClock.Instant) async throws {
        let (seconds, attoseconds) = (deadline - .now).components
        let nanoseconds: Int64 = seconds < 0 ? 0 : seconds >= 9_000_000_000 ? .max : seconds * 1_000_000_000 + attoseconds / 1_000_000_000
        let timer = scheduleTask(in: .nanoseconds(nanoseconds)) {}
        do {
            try await withTaskCancellationHandler {
                try await timer.futureResult.get()
            } onCancel: {
                timer.cancel()
            }
        } catch EventLoopError.cancelled {
            throw CancellationError()
        }
    }
}
