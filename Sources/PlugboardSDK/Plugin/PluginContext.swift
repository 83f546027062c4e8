import Logging
import PlugboardProtocol

/// What a running plugin knows about its start: the config the host sent and a logger that writes to stderr
/// (which the host forwards to its own log with the plugin's id).
public struct PluginContext: Sendable {
    /// The config from `--config`.
    public let config: PluginConfig
    /// A logger for the plugin; writes to stderr.
    public let logger: Logger

    /// Creates a context.
    public init(config: PluginConfig, logger: Logger) {
        self.config = config
        self.logger = logger
    }

    /// Decodes the config item of a type, or returns `nil` when the host sent none.
    ///
    /// ```swift
    /// let settings = try context.config(Settings.self, type: "uppercase-settings")
    /// ```
    public func config<T: Decodable>(_ type: T.Type, type name: String) throws(ProtocolError) -> T? {
        try config.data(ofType: name)?.decode(T.self)
    }
}
