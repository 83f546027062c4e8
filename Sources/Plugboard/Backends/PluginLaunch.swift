import PlugboardProtocol

/// One attempt at running a plugin: a process being spawned, or a connection to a plugin someone else started.
protocol PluginLaunch: AnyObject, Sendable {
    /// Begins it (spawns the process). Throws when it cannot begin at all (the manager is not running).
    func begin() throws(PluginError)

    /// Waits until the plugin is ready (it printed its location and `/healthz` answers), until `deadline`; returns
    /// the pool of connections to it. On failure the caller ends the launch (``abort()``).
    func ready(by deadline: ContinuousClock.Instant) async throws(PluginError) -> ConnectionPool

    /// Stops a ready plugin in order: `POST /shutdown` through `pool`, then SIGTERM, then SIGKILL, each with
    /// `timeout`. Returns once it has exited (or, for an attached plugin, once it is let go).
    func stop(pool: ConnectionPool, timeout: Duration) async

    /// Ends it now: SIGKILL for a process (also one still being spawned); letting go for an attached plugin.
    func abort()

    /// Waits for the end, for at most `duration`; nil if it has not ended by then.
    func waitForExit(within duration: Duration) async -> ProcessExit?

    /// Whether it has ended (or never began).
    var isOver: Bool { get }

    /// Where the plugin listens, once it said so.
    var location: Location? { get }

    /// The process id, while it runs.
    var pid: Int32? { get }

    /// The last lines the process wrote to stderr, for messages.
    var stderrTail: String { get }

    /// The protections a sandboxed process runs with, once the launcher reported them.
    var sandbox: SandboxReport? { get }
}

extension PluginLaunch {
    var sandbox: SandboxReport? { nil }
}
