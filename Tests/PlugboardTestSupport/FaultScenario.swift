import PlugboardProtocol

/// The runs `fault-host` knows, each against real plugin processes, with 8 concurrent callers.
///
/// A run happens in a process of its own, `fault-host`, rather than in the test process: the test process runs
/// other suites concurrently, so only a process that runs nothing else can compare its open descriptors and child
/// processes exactly with what it had before (see ``ProcessFootprint``).
public enum FaultScenario: String, Codable, Sendable, CaseIterable {
    /// The misbehaving plugin exits with status 3 in one `POST /process` out of ten, and by itself 50–400 ms after
    /// its first call; 400 calls.
    case randomCrashes = "random-crashes"
    /// The Python closing plugin closes every keep-alive connection idle for 20 ms; 300 calls with 0–40 ms pauses.
    case idleConnectionsClosed = "idle-connections-closed"

    /// `fault-host` exited with an error, or printed no report.
    public struct Failed: Error, CustomStringConvertible {
        /// What happened, with its stderr.
        public var description: String
    }

    /// Runs `fault-host` for this scenario over `transport` (`unix` or `tcp`) and returns its report; throws when
    /// it fails or outlives `timeout`.
    public func run(transport: String, timeout: Duration = .seconds(150)) async throws -> FaultReport {
        let outcome = try await TestProcess.run(TestBinaries.path("fault-host"), [rawValue, transport], timeout: timeout)
        guard outcome.status == 0, let line = outcome.stdout.split(separator: "\n").last else {
            throw Failed(description: "fault-host \(rawValue) \(transport) failed (status \(outcome.status.map(String.init) ?? "signal")): \(outcome.stderr)")
        }
        return try WireJSON.decode(FaultReport.self, from: String(line))
    }
}
