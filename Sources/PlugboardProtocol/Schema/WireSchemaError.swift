/// Why a type's JSON Schema cannot be derived.
public struct WireSchemaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The type whose schema was asked for.
    public var type: String
    /// Where in the JSON derivation stopped, e.g. `$.items[0].kind`.
    public var path: String
    /// What went wrong.
    public var reason: String

    /// Creates an error.
    public init(type: String, path: String, reason: String) {
        self.type = type
        self.path = path
        self.reason = reason
    }

    public var description: String {
        "cannot derive the JSON Schema of \(type) at \(path): \(reason); conform the type to WireSchemaProviding to give its schema"
    }
}
