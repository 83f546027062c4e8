/// What one run of `fault-host` (a host that drives real plugins while they fail) saw: how the calls ended, and what
/// the host left behind once its manager had shut down. `fault-host` prints it as one JSON line.
public struct FaultReport: Codable, Sendable, CustomStringConvertible {
    /// The scenario that ran.
    public var scenario: FaultScenario
    /// The transport, `unix` or `tcp`.
    public var transport: String
    /// How the calls ended.
    public var calls: CallOutcomes
    /// How many calls the run meant to make.
    public var callLimit: Int
    /// How many it made.
    public var callsMade: Int
    /// Whether the run's wall-time safety stop, not its call count, ended it.
    public var stoppedBySafetyStop: Bool
    /// How many times the host restarted the plugin after a crash.
    public var restarts: Int
    /// What the plugin's `GET /stats` answered at the end, for plugins that have it.
    public var pluginStats: [String: Int]?
    /// The descriptors the host process had open after the shutdown and not before it started plugins.
    public var leftOpen: [String]
    /// Its child processes after the shutdown, live or zombie, that it did not have before.
    public var leftRunning: [String]
    /// Files left where plugins keep their sockets and lock files, and in the plugin directory besides the plugin.
    public var leftFiles: [String]
    /// Seconds from registration to the end of the shutdown.
    public var seconds: Double

    /// Creates a report.
    public init(
        scenario: FaultScenario,
        transport: String,
        calls: CallOutcomes,
        callLimit: Int,
        callsMade: Int,
        stoppedBySafetyStop: Bool,
        restarts: Int,
        pluginStats: [String: Int]?,
        leftOpen: [String],
        leftRunning: [String],
        leftFiles: [String],
        seconds: Double
    ) {
        self.scenario = scenario
        self.transport = transport
        self.calls = calls
        self.callLimit = callLimit
        self.callsMade = callsMade
        self.stoppedBySafetyStop = stoppedBySafetyStop
        self.restarts = restarts
        self.pluginStats = pluginStats
        self.leftOpen = leftOpen
        self.leftRunning = leftRunning
        self.leftFiles = leftFiles
        self.seconds = seconds
    }

    /// Everything the host left behind, or `nothing`.
    public var leftovers: String {
        let all = leftOpen + leftRunning + leftFiles
        return all.isEmpty ? "nothing" : all.joined(separator: "; ")
    }

    public var description: String {
        let stop = stoppedBySafetyStop ? "the safety stop ended it after \(callsMade) of \(callLimit) calls" : "all \(callLimit) calls made"
        let stats = pluginStats.map { "; the plugin's stats: \($0.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))" } ?? ""
        return "\(scenario.rawValue) over \(transport): \(calls)\n  \(stop); \(restarts) restarts\(stats); "
            + "\(Int(seconds * 1000)) ms from registration to shutdown; left behind: \(leftovers)"
    }
}
