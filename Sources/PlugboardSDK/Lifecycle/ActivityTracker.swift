import NIOConcurrencyHelpers

/// Counts requests in flight and remembers when the last one ended, for the idle timeout: a plugin is idle only
/// when no request is running and none has ended for the whole timeout.
final class ActivityTracker: Sendable {
    private let state = NIOLockedValueBox<(inFlight: Int, lastEnded: ContinuousClock.Instant)>((0, .now))

    func begin() { state.withLockedValue { $0.inFlight += 1 } }

    func end() {
        state.withLockedValue {
            $0.inFlight -= 1
            $0.lastEnded = .now
        }
    }

    var snapshot: (inFlight: Int, lastEnded: ContinuousClock.Instant) { state.withLockedValue { $0 } }

    /// Returns when the plugin has been idle for `timeout`.
    func waitForIdle(_ timeout: Duration) async throws {
        while true {
            let (inFlight, lastEnded) = snapshot
            let deadline = lastEnded + timeout
            if inFlight == 0 && ContinuousClock.now >= deadline { return }
            try await Task.sleep(until: inFlight == 0 ? deadline : .now + timeout, clock: .continuous)
        }
    }
}
