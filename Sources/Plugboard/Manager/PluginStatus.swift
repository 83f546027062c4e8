/// A snapshot of a plugin's runtime state.
public struct PluginStatus: Sendable, Hashable {
    /// Where it is in its life.
    public var state: PluginState
    /// Its process id while it runs (external plugins).
    public var pid: Int32?
    /// Where it listens while it runs, e.g. `http+unix:///tmp/pb-x/plugboard-y.sock`.
    public var location: String?
    /// How many times it was restarted after a crash.
    public var restarts: Int
    /// The last error, if its last start or run failed.
    public var lastError: String?
    /// When it last answered `/healthz` (or started).
    public var lastHealthy: ContinuousClock.Instant?

    /// Files (socket, lock file) the plugin's last process left behind when it exited, which the host removed.
    /// Empty for a well-behaved plugin.
    public var leftBehind: [String]

    /// The protections its process runs with, as the launcher reported them (nil: not sandboxed, or not running).
    public var sandbox: SandboxReport?
    /// The sandbox limit its last process passed, if that is how it ended (memory, CPU time, processes).
    public var lastViolation: SandboxViolation?
    /// What its last sandboxed process used (peak memory, CPU time), once it ended.
    public var lastUsage: SandboxUsage?

    /// Creates a status.
    public init(state: PluginState, pid: Int32? = nil, location: String? = nil, restarts: Int = 0, lastError: String? = nil, lastHealthy: ContinuousClock.Instant? = nil, leftBehind: [String] = [], sandbox: SandboxReport? = nil, lastViolation: SandboxViolation? = nil, lastUsage: SandboxUsage? = nil) {
        self.lastUsage = lastUsage
        self.sandbox = sandbox
        self.lastViolation = lastViolation
        self.leftBehind = leftBehind
        self.state = state
        self.pid = pid
        self.location = location
        self.restarts = restarts
        self.lastError = lastError
        self.lastHealthy = lastHealthy
    }
}
