/// Where a running plugin can be reached, as printed on its location line.
///
/// Printed forms: `http+unix:///tmp/plugboard-x.sock` and `http://127.0.0.1:43483`. Parsed forms also include what
/// the Go SDK prints for TCP, a bare `[::]:43483` or `127.0.0.1:43483`; an unspecified host (`[::]`, `0.0.0.0`,
/// empty) means "this machine" and is reached on 127.0.0.1.
///
/// ```swift
/// let location = try Location(parsing: "[::]:43483")   // .tcp(host: "127.0.0.1", port: 43483)
/// print(location)                                       // http://127.0.0.1:43483
/// ```
public enum Location: Sendable, Hashable, CustomStringConvertible {
    /// A Unix domain socket path.
    case unix(path: String)
    /// A TCP host (an IP literal or `localhost`) and port.
    case tcp(host: String, port: Int)

    public var description: String {
        switch self {
        case .unix(let path):
            return "http+unix://" + path
        case .tcp(let host, let port):
            return host.contains(":") ? "http://[\(host)]:\(port)" : "http://\(host):\(port)"
        }
    }

    /// The transport this location uses.
    public var transport: TransportKind {
        switch self {
        case .unix: return .unix
        case .tcp: return .tcp
        }
    }
}
