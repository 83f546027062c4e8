/// Why the supervisor's state machine ended a caller's wait without a ready plugin.
enum SupervisorFailure: Error, Sendable {
    /// The caller's deadline passed while it waited for a start.
    case timedOut
    /// The caller's task was cancelled.
    case cancelled
    /// The plugin was stopped (`stop()`, `unload`) while the caller waited for its start.
    case stopped
    /// The plugin is shut down for good.
    case shutDown
    /// The start failed; every caller waiting for it gets the same error.
    case startFailed(PluginError)
    /// The process exited before it became ready.
    case exitedDuringStart(ProcessExit)
}
