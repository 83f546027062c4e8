/// Where a plugin is in its life, as ``PluginStatus`` reports it.
///
/// `discovered → starting → ready → idleStopped | crashed → (started again on the next call) → stopping → stopped`.
/// Internal plugins are always `ready`. docs/LIFECYCLE.md has the state machine behind it
/// (`SupervisorStateMachine`), whose states map onto these.
///
/// A struct with static values rather than an enum, so that a later version can report a new state without
/// breaking code that switches over these (compare with `==`, or `switch` with a `default`). Its `rawValue` (the
/// names below) is what `plugboard run` prints and what it encodes to.
public struct PluginState: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The state's name, e.g. `"idleStopped"`.
    public let rawValue: String

    /// A state by its name; names this version does not know are kept as they are.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// The state's name.
    public var description: String { rawValue }

    /// Registered, not started (lazy plugins stay here until first use), or stopped by the host (`unload`,
    /// ``PluginHandle/stop()``): the next call starts it.
    public static let discovered = PluginState(rawValue: "discovered")
    /// Spawned, waiting for its location and first healthy `/healthz`.
    public static let starting = PluginState(rawValue: "starting")
    /// Serving calls.
    public static let ready = PluginState(rawValue: "ready")
    /// Stopped itself with no call in flight (its idle timeout); starts again on the next call.
    public static let idleStopped = PluginState(rawValue: "idleStopped")
    /// Exited while serving, or failed to start; starts again on the next call, after the restart back-off.
    public static let crashed = PluginState(rawValue: "crashed")
    /// Being stopped; calls that come meanwhile wait, then start it again.
    public static let stopping = PluginState(rawValue: "stopping")
    /// Shut down for good.
    public static let stopped = PluginState(rawValue: "stopped")
}
