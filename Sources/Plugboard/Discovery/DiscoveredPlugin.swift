import PlugboardProtocol

/// A plugin file and what it said for `capabilities`, or why that failed.
public struct DiscoveredPlugin: Sendable {
    /// The file name.
    public var name: String
    /// The full path.
    public var path: String
    /// The parsed capabilities, when the probe succeeded.
    public var capabilities: Capabilities?
    /// Why the probe failed (or a declared schema is invalid).
    public var error: PluginError?
    /// The file's SHA-256 (lowercase hex) when it was pinned and matched (the probe ran that same open file).
    public var sha256: String?

    /// Creates a result.
    public init(name: String, path: String, capabilities: Capabilities?, error: PluginError?, sha256: String? = nil) {
        self.sha256 = sha256
        self.name = name
        self.path = path
        self.capabilities = capabilities
        self.error = error
    }
}
