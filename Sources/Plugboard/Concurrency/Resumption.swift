import NIOCore

/// A waiting caller to resume with its result, once its lock is released; its deadline timer is cancelled first.
struct Resumption<Value: Sendable>: Sendable {
    let continuation: CheckedContinuation<Value, any Error>
    let timer: Scheduled<Void>?
    let result: Result<Value, any Error>

    /// Cancels the deadline timer and resumes the caller.
    func resume() {
        timer?.cancel()
        continuation.resume(with: result)
    }
}
