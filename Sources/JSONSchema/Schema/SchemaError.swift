/// A schema that cannot be compiled: an invalid keyword value, a bad regular expression,
/// an unresolvable or looping `$ref`, or malformed schema JSON text.
public struct SchemaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// JSON Pointer to the offending keyword inside the schema document, e.g. `/properties/port/minimum`.
    public let keywordLocation: String
    /// Absolute URI of the schema resource that holds the keyword, when it has one.
    public let schemaURI: String?
    /// A readable explanation, e.g. `"minimum" must be a number, got string "x"`.
    public let message: String

    /// Creates an error.
    public init(keywordLocation: String, schemaURI: String? = nil, message: String) {
        self.keywordLocation = keywordLocation
        self.schemaURI = schemaURI
        self.message = message
    }

    /// `invalid schema at <location>: <message>`.
    public var description: String {
        let location = keywordLocation.isEmpty ? "(root)" : keywordLocation
        let resource = schemaURI.map { " in \($0)" } ?? ""
        return "invalid schema at \(location)\(resource): \(message)"
    }
}
