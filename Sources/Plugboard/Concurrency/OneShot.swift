import Synchronization

/// A value that is set once and awaited by any number of tasks; a waiting task that is cancelled stops waiting.
final class OneShot<Value: Sendable>: Sendable {
    private struct State: ~Copyable {
        var result: Result<Value, any Error>?
        var waiters: [Int: CheckedContinuation<Value, any Error>] = [:]
        var nextWaiter = 0
    }

    private let state = Mutex(State())

    init() {}

    /// Sets the value; only the first call has an effect. Returns whether this call set it.
    @discardableResult
    func succeed(_ value: Value) -> Bool { complete(.success(value)) }

    /// Sets an error; only the first call has an effect.
    @discardableResult
    func fail(_ error: any Error) -> Bool { complete(.failure(error)) }

    /// The result, if set.
    var result: Result<Value, any Error>? { state.withLock { $0.result } }

    private func complete(_ result: Result<Value, any Error>) -> Bool {
        let waiters = state.withLock { state -> [CheckedContinuation<Value, any Error>]? in
            guard state.result == nil else { return nil }
            state.result = result
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        guard let waiters else { return false }
        for waiter in waiters { waiter.resume(with: result) }
        return true
    }

    /// Waits for the value. Throws `CancellationError` if the waiting task is cancelled first.
    func wait() async throws -> Value {
        let id = state.withLock { state -> Int in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let ready = state.withLock { state -> Result<Value, any Error>? in
                    if let result = state.result { return result }
                    if Task.isCancelled { return .failure(CancellationError()) }
                    state.waiters[id] = continuation
                    return nil
                }
                if let ready { continuation.resume(with: ready) }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.resume(throwing: CancellationError())
        }
    }
}
