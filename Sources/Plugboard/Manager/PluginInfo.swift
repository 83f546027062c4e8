import PlugboardProtocol

/// A registered plugin as the registry lists it.
public struct PluginInfo: Sendable {
    /// The plugin's name (its file name unless it declares one).
    public var name: String
    /// How it is reached.
    public var kind: Kind
    /// Its executable, for external plugins.
    public var path: String?
    /// Contract name to the types it serves.
    public var types: [String: [String]]
    /// What it printed for `capabilities` (external plugins).
    public var capabilities: Capabilities?
    /// Its runtime state.
    public var status: PluginStatus
    /// Whether every request to it carries a credential the plugin requires: a token (a spawned v2 plugin with the
    /// `token` feature, an attached plugin whose manifest, or
    /// ``PluginManager/attach(url:name:namespace:lazy:token:tls:options:)``, gives one), or the host's client
    /// certificate on TLS (``PluginTLS/certificateChain``, for a plugin that requires one). False for a v1 plugin and
    /// an attached plugin without either: any process that reaches its socket or port can call it. True for an
    /// internal plugin (it is in the host's process).
    public var authenticated: Bool = true
    /// Whether the host reaches it over TLS, verifying its certificate (an attached plugin at an `https://` URL,
    /// ``PluginTLS``).
    public var tls: Bool = false

    /// Creates an entry.
    public init(name: String, kind: Kind, path: String?, types: [String: [String]], capabilities: Capabilities?, status: PluginStatus, authenticated: Bool = true, tls: Bool = false) {
        self.authenticated = authenticated
        self.tls = tls
        self.name = name
        self.kind = kind
        self.path = path
        self.types = types
        self.capabilities = capabilities
        self.status = status
    }
}
