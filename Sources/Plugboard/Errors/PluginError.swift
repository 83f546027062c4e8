import PlugboardProtocol

/// An error from the host about one plugin: it names the plugin (and its file where known) and says what happened.
///
/// ```swift
/// do { _ = try await manager.plugin(DataProcessorContract.self) }
/// catch let error as PluginError { print(error) }   // plugin "simple-processor" (/plugins/simple-processor): ...
/// ```
public struct PluginError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Code: Sendable, Hashable {
        /// `PLUGIN capabilities` failed: it exited non-zero, hung past its deadline or printed something else than JSON.
        case capabilities
        /// A declared schema is not a valid JSON Schema.
        case invalidSchema
        /// Config data does not satisfy the plugin's schema for its type.
        case invalidConfig
        /// Another plugin already serves this contract type.
        case duplicateContractType
        /// The plugin did not print a location and answer `/healthz` before its startup deadline.
        case startupTimeout
        /// The plugin exited before it became ready.
        case exitedDuringStartup
        /// The plugin printed a location the host cannot use.
        case badLocation
        /// No plugin serves what was asked for.
        case notFound
        /// More than one plugin serves the contract and no type was named.
        case ambiguous
        /// The plugin answered with a non-2xx status; ``PluginError/status`` holds it.
        case requestFailed
        /// The request cannot be sent as asked (a path with spaces or control characters); nothing was sent.
        case invalidRequest
        /// The connection failed or closed before a whole response arrived.
        case connection
        /// The call did not complete within its deadline.
        case timeout
        /// The plugin process exited while it was serving; calls in flight fail with this.
        case crashed
        /// The manager is not running (use ``PluginManager/withManager(configuration:logger:_:)`` or ``PluginManager/run()``), or shutting down.
        case notRunning
        /// The response was larger than the configured limit.
        case responseTooLarge
        /// The plugin could not be spawned.
        case spawnFailed
        /// An attached plugin's manifest or URL is unusable.
        case invalidManifest
    }

    /// What kind of failure this is.
    public var code: Code
    /// The plugin's name (or id); empty when the error concerns no single plugin.
    public var plugin: String
    /// The plugin's executable or manifest, when known.
    public var path: String?
    /// A sentence that says what happened.
    public var message: String
    /// The HTTP status, for ``Code/requestFailed``.
    public var status: Int?

    /// Creates an error.
    public init(_ code: Code, plugin: String, path: String? = nil, message: String, status: Int? = nil) {
        self.code = code
        self.plugin = plugin
        self.path = path
        self.message = message
        self.status = status
    }

    public var description: String {
        var subject = plugin.isEmpty ? "plugboard" : "plugin \"\(plugin)\""
        if let path { subject += " (\(path))" }
        return "\(subject): \(message)"
    }
}
