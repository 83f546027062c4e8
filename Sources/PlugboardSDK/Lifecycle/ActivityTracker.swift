import NIOConcurrencyHelpers
import NIOCore

/// Counts requests in flight and remembers when the last one ended, for the idle timeout: a plugin is idle only
/// when no request is running and none has ended for the whole timeout.
///
/// Until its first request, a plugin waits at least ``firstRequestGrace``: a host on a busy machine may take a
/// moment between reading the location line and its first `/healthz`, and a short idle timeout must not stop the
/// plugin in between.
final class ActivityTracker: Sendable {
    /// The least time a plugin waits for its first request before it counts as idle.
    static let firstRequestGrace = Duration.seconds(5)

    private let state = NIOLockedValueBox<(inFlight: Int, lastEnded: ContinuousClock.Instant, served: Bool)>((0, .now, false))

    func begin() { state.withLockedValue { $0.inFlight += 1 } }

    func end() {
        state.withLockedValue {
            $0.inFlight -= 1
            $0.lastEnded = .now
            $0.served = true
        }
    }

    var snapshot: (inFlight: Int, lastEnded: ContinuousClock.Instant, served: Bool) { state.withLockedValue { $0 } }

    /// Returns when the plugin has been idle for `timeout`, sleeping on `loop`'s timer. Called as the plugin starts
    /// serving: the first-request grace counts from then, not from when the tracker was made (binding, the event
    /// loop's threads and the signal trap come in between, and take seconds on a loaded machine).
    func waitForIdle(_ timeout: Duration, on loop: any EventLoop) async throws {
        state.withLockedValue { if !$0.served && $0.inFlight == 0 { $0.lastEnded = .now } }
        while true {
            let (inFlight, lastEnded, served) = snapshot
            let deadline = lastEnded + (served ? timeout : max(timeout, Self.firstRequestGrace))
            if inFlight == 0 && ContinuousClock.now >= deadline { return }
            try await loop.sleep(until: inFlight == 0 ? deadline : .now + timeout)
        }
    }
}
