import NIOCore

/// Parks the calling task until a state machine's driver resumes it, with a timer that tells the machine when the
/// caller's `deadline` passes and a cancellation handler that tells it when the caller's task is cancelled.
///
/// `park` stores the continuation under the driver's lock (``WaiterTable/park(_:_:timer:)``) and returns a result
/// that arrived first, if any; `expire` and `cancel` feed the machine its timer and cancellation events.
func parkedWait<Value: Sendable>(
    until deadline: ContinuousClock.Instant,
    on loop: any EventLoop,
    park: (CheckedContinuation<Value, any Error>, Scheduled<Void>) -> Result<Value, any Error>?,
    expire: @escaping @Sendable () -> Void,
    cancel: @Sendable () -> Void
) async throws -> Value {
    let timer = loop.scheduleTask(deadline: NIODeadline(deadline), expire)
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { continuation in
            if let early = park(continuation, timer) {
                timer.cancel()
                continuation.resume(with: early)
            }
        }
    } onCancel: {
        cancel()
    }
}
