/// Where a plugin is in its life.
///
/// `discovered → starting → ready → idleStopped | crashed → (started again on the next call) → stopping → stopped`.
/// Internal plugins are always `ready`.
public enum PluginState: String, Sendable, Hashable, Codable {
    /// Registered, not started (lazy plugins stay here until first use).
    case discovered
    /// Spawned, waiting for its location and first healthy `/healthz`.
    case starting
    /// Serving calls.
    case ready
    /// Stopped itself after its idle timeout; starts again on the next call.
    case idleStopped
    /// Exited unexpectedly, or failed to start; starts again (with back-off) on the next call.
    case crashed
    /// Being shut down.
    case stopping
    /// Shut down for good.
    case stopped
}
