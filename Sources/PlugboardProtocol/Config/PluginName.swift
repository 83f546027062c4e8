/// A plugin's identity: a name and an optional namespace, written `namespace/name`.
///
/// Names and namespaces use letters, digits, `.`, `_` and `-`; `/` joins them and can appear in neither.
///
/// ```swift
/// let name = try PluginName(parsing: "acme/resizer")   // namespace "acme", name "resizer"
/// ```
public struct PluginName: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    /// The plugin's name.
    public let name: String
    /// The namespace, if any.
    public let namespace: String?

    /// The separator between namespace and name.
    public static let separator: Character = "/"

    /// Creates a validated name.
    public init(_ name: String, namespace: String? = nil) throws(ProtocolError) {
        // An empty namespace (GoPlug writes `"NameSpace": ""`) means none.
        let namespace = (namespace?.isEmpty ?? true) ? nil : namespace
        try Self.validate(name, what: "name")
        if let namespace { try Self.validate(namespace, what: "namespace") }
        self.name = name
        self.namespace = namespace
    }

    /// Parses `name` or `namespace/name`.
    public init(parsing text: String) throws(ProtocolError) {
        let parts = text.split(separator: Self.separator, omittingEmptySubsequences: false)
        switch parts.count {
        case 1: try self.init(String(parts[0]))
        case 2: try self.init(String(parts[1]), namespace: String(parts[0]))
        default: throw .invalidName(text, reason: "at most one '/' may separate namespace and name")
        }
    }

    public var description: String { namespace.map { "\($0)/\(name)" } ?? name }

    public static func < (lhs: PluginName, rhs: PluginName) -> Bool { lhs.description < rhs.description }

    private static func validate(_ text: String, what: String) throws(ProtocolError) {
        guard !text.isEmpty else { throw .invalidName(text, reason: "\(what) is empty") }
        guard text.utf8.count <= 128 else { throw .invalidName(text, reason: "\(what) is longer than 128 bytes") }
        for scalar in text.unicodeScalars {
            let ok = (scalar.value < 128) && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "." || scalar == "_" || scalar == "-")
            guard ok else { throw .invalidName(text, reason: "\(what) may hold only letters, digits, '.', '_' and '-', not '\(scalar)'") }
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            let parsed = try PluginName(parsing: text)
            self.name = parsed.name
            self.namespace = parsed.namespace
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
