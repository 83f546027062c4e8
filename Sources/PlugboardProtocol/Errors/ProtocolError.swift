/// An error in data that crossed the wire: a config, a capabilities document, a location line, a manifest.
public enum ProtocolError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A duration that is neither integer nanoseconds nor Go's duration syntax.
    case invalidDuration(String, reason: String)
    /// A location line that names no reachable address.
    case invalidLocation(String, reason: String)
    /// JSON that does not decode into the expected document; `path` is a JSON path such as `$.types.dataProcessor[0]`.
    case invalidDocument(document: String, detail: String)
    /// A plugin or namespace name with characters outside `[A-Za-z0-9._-]`.
    case invalidName(String, reason: String)

    public var description: String {
        switch self {
        case .invalidDuration(let text, let reason):
            return "invalid duration \"\(text)\": \(reason)"
        case .invalidLocation(let line, let reason):
            return "invalid location \"\(line.prefix(200))\": \(reason)"
        case .invalidDocument(let document, let detail):
            return "invalid \(document): \(detail)"
        case .invalidName(let name, let reason):
            return "invalid name \"\(name)\": \(reason)"
        }
    }
}
