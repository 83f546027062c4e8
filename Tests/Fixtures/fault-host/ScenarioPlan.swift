import PlugboardTestSupport

/// What one ``FaultScenario`` runs: its plugin, the plugin's environment, and the shape and bounds of its calls.
struct ScenarioPlan: Sendable {
    /// The plugin's registered name (its file name in the plugin directory).
    var pluginName: String
    /// Puts the plugin into a plugin directory.
    var link: @Sendable (PluginDirectory) -> Void
    /// The plugin's environment, given a directory of its own for the sockets of a plugin that chooses where they
    /// go (a v1 plugin: its TMPDIR).
    var environment: @Sendable (_ sockets: String) -> [String: String]
    /// The `dataProcessor` type it serves.
    var contractType: String
    /// What it puts in `processed_by` in the metadata of its answers.
    var processedBy: String
    /// How long one call may take.
    var callTimeout: Duration
    /// How many calls to make.
    var callLimit: Int
    /// How long to keep starting calls at most: a safety stop only; the calls waiting when it stops still end.
    var safetyStop: Duration
    /// The longest random pause before each call, to shape the load; zero: none.
    var maxPause: Duration
    /// Whether the plugin answers `GET /stats`.
    var hasStats: Bool
}

extension FaultScenario {
    /// This scenario's plan.
    var plan: ScenarioPlan {
        switch self {
        case .randomCrashes:
            ScenarioPlan(
                pluginName: "crashy",
                link: { $0.link("misbehaving-plugin", as: "crashy") },
                environment: { _ in ["FIXTURE_CRASH_RATE": "0.1", "FIXTURE_CRASH_AFTER_MS": "50-400"] },
                contractType: "echo",
                processedBy: "misbehaving-plugin",
                // Long: a call that waits out its deadline instead of failing when the plugin dies must show as
                // `timeout`, never be cut short by another bound.
                callTimeout: .seconds(60),
                callLimit: 400,
                // The calls waiting when it stops can take as long as the host's restart back-off (6.4 s after
                // seven crashes) to end, so a later stop could take the run past 15 s.
                safetyStop: .seconds(8),
                maxPause: .zero,
                hasStats: false
            )
        case .idleConnectionsClosed:
            ScenarioPlan(
                pluginName: "closing-plugin",
                link: { $0.link(script: "closing-plugin") },
                environment: { sockets in ["TMPDIR": sockets] },
                contractType: "closing",
                processedBy: "closing-plugin",
                callTimeout: .seconds(10),
                callLimit: 300,
                safetyStop: .seconds(15),
                // Lets pooled connections sit idle past the plugin's 20 ms now and then.
                maxPause: .milliseconds(40),
                hasStats: true
            )
        }
    }
}
