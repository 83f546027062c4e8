import NIOConcurrencyHelpers

/// A one-shot "stop now" shared by the server, the signal watcher, the idle watcher and the parent watch.
/// The first reason wins; later requests are ignored.
final class StopTrigger: Sendable {
    private let state = NIOLockedValueBox<(reason: StopReason?, waiters: [CheckedContinuation<StopReason, Never>])>((nil, []))

    /// Requests a stop.
    func fire(_ reason: StopReason) {
        let waiters = state.withLockedValue { state -> [CheckedContinuation<StopReason, Never>] in
            guard state.reason == nil else { return [] }
            state.reason = reason
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(returning: reason) }
    }

    /// Whether a stop was requested.
    var isFired: Bool { state.withLockedValue { $0.reason != nil } }

    /// Waits for a stop request.
    func wait() async -> StopReason {
        await withCheckedContinuation { continuation in
            let reason = state.withLockedValue { state -> StopReason? in
                if let reason = state.reason { return reason }
                state.waiters.append(continuation)
                return nil
            }
            if let reason { continuation.resume(returning: reason) }
        }
    }
}
