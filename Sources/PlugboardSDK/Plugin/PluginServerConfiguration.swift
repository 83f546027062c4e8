/// Limits and behaviour of a plugin's server. Every field has a default that suits most plugins.
///
/// ```swift
/// var plugin = Plugin(name: "big", configuration: .init(maxBodySize: 64 << 20))
/// ```
public struct PluginServerConfiguration: Sendable {
    /// The largest request body accepted; larger bodies are answered with 413.
    public var maxBodySize: Int
    /// How long in-flight requests may take to finish once a stop is requested.
    public var gracefulStopTimeout: Duration
    /// The directory for Unix sockets when the host names none: `$TMPDIR` or `/tmp`.
    public var socketDirectory: String?
    /// Event loop threads serving connections.
    public var threads: Int

    /// Creates a configuration.
    public init(
        maxBodySize: Int = 16 << 20,
        gracefulStopTimeout: Duration = .seconds(10),
        socketDirectory: String? = nil,
        threads: Int = 1
    ) {
        self.maxBodySize = maxBodySize
        self.gracefulStopTimeout = gracefulStopTimeout
        self.socketDirectory = socketDirectory
        self.threads = threads
    }
}
