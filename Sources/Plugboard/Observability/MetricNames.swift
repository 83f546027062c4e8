/// The labels of the metrics the host reports (docs/OBSERVABILITY.md lists them with their dimensions).
enum MetricNames {
    /// Counter: calls, by `plugin` and `endpoint` (`POST /process`).
    static let calls = "plugboard_calls_total"
    /// Counter: calls that failed, by `plugin`, `endpoint` and `code` (a ``PluginError/Code``, or `status_NNN`).
    static let callFailures = "plugboard_call_failures_total"
    /// Timer: call duration, from the call to its answer or failure (a start it waited for included).
    static let callDuration = "plugboard_call_duration_seconds"
    /// Meter: calls in flight, by `plugin`.
    static let callsInFlight = "plugboard_calls_in_flight"
    /// Counter: starts (processes spawned, or attached plugins connected), by `plugin`.
    static let starts = "plugboard_plugin_starts_total"
    /// Counter: starts that followed a crash, by `plugin`.
    static let restarts = "plugboard_plugin_restarts_total"
    /// Counter: unexpected exits of a ready plugin, by `plugin`.
    static let crashes = "plugboard_plugin_crashes_total"
    /// Counter: a plugin stopped itself while idle (its idle timeout), by `plugin`.
    static let idleStops = "plugboard_plugin_idle_stops_total"
    /// Timer: from a start's beginning to the plugin's being ready, by `plugin`.
    static let startupDuration = "plugboard_plugin_startup_duration_seconds"
    /// Meter: registered external and attached plugins, by `state`.
    static let plugins = "plugboard_plugins"
}
