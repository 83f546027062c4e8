import Logging

/// How to start one plugin process.
struct SpawnSpec: Sendable {
    /// The launcher that starts ``executable`` (docs/LIFECYCLE.md).
    var launcher: Launcher
    var executable: String
    var arguments: [String]
    /// Variables to set, and (with a nil value) variables to remove from the inherited environment.
    var environment: [String: String?]
    /// A line written to the plugin's stdin first (the config, for `--config-stdin`).
    var stdinLine: String?
    var logger: Logger
    /// The open file the launcher executes, when the plugin is pinned: checked against its digest just now.
    var pinned: PinnedFile? = nil
}
