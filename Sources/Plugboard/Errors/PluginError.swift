import PlugboardProtocol

/// An error from the host about one plugin: it names the plugin (and its file where known) and says what happened.
///
/// ```swift
/// do { _ = try await manager.plugin(DataProcessorContract.self) }
/// catch let error as PluginError { print(error) }   // plugin "simple-processor" (/plugins/simple-processor): ...
/// ```
///
/// Match on ``code`` to react to a kind of failure; ``Code`` is a struct, so new codes can be added without breaking
/// a `switch` in your code (give it a `default:`).
public struct PluginError: Error, Sendable, CustomStringConvertible {
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
