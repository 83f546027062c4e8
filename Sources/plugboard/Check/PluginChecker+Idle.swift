import Plugboard
import PlugboardProtocol

extension PluginChecker {
    /// The idle timeout the check gives the plugin.
    static let idleTimeout = Duration.seconds(1)

    /// Starts the plugin with a 1 s idle timeout and waits for it to stop by itself: at most `max(1 s, 5 s)` after
    /// its start (docs/PROTOCOL.md §11), plus the step's deadline (at most 10 s) for a slow machine.
    func checkIdleTimeout(over kind: TransportKind) async -> CheckStep {
        let step = "idle timeout"
        let steps = await withStarted(over: kind, idleTimeout: Self.idleTimeout) { handle in
            let started = ContinuousClock.now
            let bound = Duration.seconds(5) + min(deadline, .seconds(10))
            guard let exit = await handle.waitForExit(within: bound) else {
                return [.fail(step, "still running \(bound) after its start with \"idleTimeout\": \(Self.idleTimeout.nanoseconds) (ns) and no request since")]
            }
            let after = ContinuousClock.now - started
            let detail = "stopped by itself \(Self.seconds(after)) after it was ready, with idleTimeout 1 s"
            if exit.isSuccess { return [.pass(step, "\(detail), exit status 0")] }
            guard exit.code != nil else { return [.fail(step, "\(detail), but \(exit)")] }
            return [subject.tolerated(step, "\(detail), with \(exit); expected status 0",
                                      hostCopes: "an exit with no call in flight after the idle timeout is an idle stop whatever its status")]
        }
        // A failure to start is reported under the transport's steps already.
        return steps.first { $0.step == step } ?? .fail(step, steps.first?.detail ?? "the plugin did not start")
    }

    static func seconds(_ duration: Duration) -> String {
        let hundredths = Int(duration / .milliseconds(10))
        return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100) s"
    }
}

extension Duration {
    /// The duration in whole nanoseconds, as the config's `idleTimeout` carries it.
    var nanoseconds: Int64 { components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000 }
}
