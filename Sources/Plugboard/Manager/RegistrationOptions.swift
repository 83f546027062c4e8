import PlugboardProtocol

/// How ``PluginManager/registerPlugins(in:options:)`` treats the plugins it finds. Every field has a default.
///
/// ```swift
/// var options = RegistrationOptions()
/// options.idleTimeout = .seconds(300)
/// options.configData = [try ConfigData(type: "uppercase-settings", value: ["prefix": ">> "])]
/// options.filter = { $0.hasPrefix("my-") }
/// options.sandbox = .standard
/// try await manager.registerPlugins(in: "./plugins", options: options)
/// ```
public struct RegistrationOptions: Sendable {
    /// Plugins stop themselves after this long without calls, and start again on the next one. `nil`: never.
    public var idleTimeout: Duration?
    /// Typed config handed to each plugin that lists the type in its `configTypes` (and validated against the
    /// plugin's schema for it first).
    public var configData: [ConfigData]
    /// Keeps only the plugin files whose name it accepts.
    public var filter: (@Sendable (String) -> Bool)?
    /// The transport plugins listen on.
    public var transport: TransportPreference
    /// Start plugins only on first use, whatever they declare.
    public var lazy: Bool
    /// How long `PLUGIN capabilities` may take, and for an attached plugin its `GET /plugboard/v2/capabilities`.
    public var capabilitiesTimeout: Duration
    /// How many `PLUGIN capabilities` probes run at once when a directory is registered or rescanned (each within
    /// ``capabilitiesTimeout`` from its own start); by default twice the processors, at least 4.
    public var maxConcurrentProbes = Discovery.defaultProbeConcurrency
    /// How long a plugin may take from spawn to a healthy `/healthz`.
    public var startupTimeout: Duration
    /// How long one call may take, from the moment it is made: waiting for a start and for a connection included.
    public var callTimeout: Duration
    /// How long each step of stopping (`/shutdown`, SIGTERM) may take before the next.
    public var shutdownTimeout: Duration
    /// The most connections kept open to one plugin.
    public var maxConnections: Int
    /// The largest response accepted from a plugin.
    public var maxResponseSize: Int
    /// Extra environment variables for the plugins.
    public var environment: [String: String]
    /// Keep watching the directory (inotify): a new plugin file is registered, a removed one unloaded, a replaced
    /// one reloaded; manifests (`*.pconf`) attach and detach plugins the same way.
    public var watch: Bool
    /// How often attached plugins are health-checked; one that fails three checks running is dropped.
    public var healthCheckInterval: Duration
    /// How long to wait before starting a plugin again after it crashed (see ``RestartBackoff``).
    public var restartBackoff: RestartBackoff
    /// The most calls that may wait for a connection to one plugin (beyond ``maxConnections`` in flight); a call
    /// past that fails at once with ``PluginError`` code `overloaded`.
    public var maxQueuedCalls: Int
    /// Which contract calls are checked against the JSON Schemas the plugin advertises for its endpoints
    /// (capabilities `endpoints`): a request that breaks its schema is refused before it is sent, naming the JSON
    /// path. Requests by default (docs/PERFORMANCE.md has the cost per call).
    public var contractValidation: ContractValidation
    /// Which SHA-256 digest each plugin file must have (``Pinning``): none by default; `.lockFile` checks every
    /// file against `DIR/plugboard.lock`, `.digests([name: hex])` against the given ones.
    public var pinning: Pinning

    /// What the plugins' processes may touch (docs/SECURITY.md). ``SandboxPolicy/disabled`` (the default): they run
    /// with the host's rights.
    public var sandbox: SandboxPolicy = .disabled
    /// TLS for attached plugins at `https://` URLs (manifests in a registered or watched directory,
    /// ``PluginManager/attach(manifest:options:)``): the CAs their certificates must chain to, and the host's client
    /// certificate for plugins that require one. A manifest's own `tls` keys replace the fields they set. Ignored for
    /// plain `http://` and Unix-socket plugins; an `https://` plugin with no CA from either is refused.
    public var tls: PluginTLS? = nil
    /// Policies for single plugins, by file name, in place of ``sandbox`` (the file name, because the sandbox
    /// applies already to `PLUGIN capabilities`, before the plugin has said what it is called).
    public var sandboxOverrides: [String: SandboxPolicy] = [:]

    /// The policy the plugin file `fileName` runs under.
    public func sandboxPolicy(for fileName: String) -> SandboxPolicy {
        sandboxOverrides[fileName] ?? sandbox
    }

    /// Creates options.
    public init(
        idleTimeout: Duration? = nil,
        configData: [ConfigData] = [],
        filter: (@Sendable (String) -> Bool)? = nil,
        transport: TransportPreference = .automatic,
        lazy: Bool = false,
        capabilitiesTimeout: Duration = .seconds(10),
        startupTimeout: Duration = .seconds(10),
        callTimeout: Duration = .seconds(30),
        shutdownTimeout: Duration = .seconds(3),
        maxConnections: Int = 16,
        maxResponseSize: Int = 64 << 20,
        environment: [String: String] = [:],
        watch: Bool = false,
        healthCheckInterval: Duration = .seconds(2),
        restartBackoff: RestartBackoff = RestartBackoff(),
        maxQueuedCalls: Int = 1024,
        contractValidation: ContractValidation = .requests,
        pinning: Pinning = .none
    ) {
        self.contractValidation = contractValidation
        self.pinning = pinning
        self.restartBackoff = restartBackoff
        self.maxQueuedCalls = maxQueuedCalls
        self.watch = watch
        self.healthCheckInterval = healthCheckInterval
        self.idleTimeout = idleTimeout
        self.configData = configData
        self.filter = filter
        self.transport = transport
        self.lazy = lazy
        self.capabilitiesTimeout = capabilitiesTimeout
        self.startupTimeout = startupTimeout
        self.callTimeout = callTimeout
        self.shutdownTimeout = shutdownTimeout
        self.maxConnections = maxConnections
        self.maxResponseSize = maxResponseSize
        self.environment = environment
    }
}
