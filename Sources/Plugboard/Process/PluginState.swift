/// Where a plugin is in its life, as ``PluginStatus`` reports it.
///
/// `discovered → starting → ready → idleStopped | crashed → (started again on the next call) → stopping → stopped`.
/// Internal plugins are always `ready`. docs/LIFECYCLE.md has the state machine behind it
/// (`SupervisorStateMachine`), whose states map onto these.
public enum PluginState: String, Sendable, Hashable, Codable {
    /// Registered, not started (lazy plugins stay here until first use), or stopped by the host (`unload`,
    /// ``PluginHandle/stop()``): the next call starts it.
    case discovered
    /// Spawned, waiting for its location and first healthy `/healthz`.
    case starting
    /// Serving calls.
    case ready
    /// Stopped itself with no call in flight (its idle timeout); starts again on the next call.
    case idleStopped
    /// Exited while serving, or failed to start; starts again on the next call, after the restart back-off.
    case crashed
    /// Being stopped; calls that come meanwhile wait, then start it again.
    case stopping
    /// Shut down for good.
    case stopped
}
