/// How a plugin listens: on a Unix domain socket or on loopback TCP. Written as `"unix"` or `"tcp"` in a config.
public enum TransportKind: String, Codable, Sendable, Hashable, CaseIterable {
    /// A Unix domain socket; the plugin prints `http+unix:///path/to.sock`.
    case unix
    /// TCP on 127.0.0.1 with a port the kernel chose; the plugin prints `http://127.0.0.1:PORT`.
    case tcp
}
