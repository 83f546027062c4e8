import PlugboardProtocol

/// Everything the host decided about how to run one external plugin.
struct LaunchSettings: Sendable {
    var transport: TransportKind
    var idleTimeout: Duration?
    var configData: [ConfigData]
    var startupTimeout: Duration
    var callTimeout: Duration
    var shutdownTimeout: Duration
    var socketDirectory: String?
    var maxConnections: Int
    var maxWaiters: Int
    var backoff: RestartBackoff
    var maxResponseSize: Int
    var environment: [String: String]
    var validation: ContractValidation
    /// The SHA-256 the file must still have at every start (the file is hashed and its descriptor executed), when
    /// it is pinned.
    var pinnedDigest: String? = nil
    /// What the plugin's process may touch (``SandboxPolicy/disabled``: no sandbox).
    var sandbox: SandboxPolicy = .disabled
    /// TLS to an `https://` attached plugin, for its calls, health checks and events stream.
    var tls: TLSClient? = nil
}
