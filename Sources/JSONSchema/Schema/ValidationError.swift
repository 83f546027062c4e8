/// One reason an instance does not conform to a schema.
///
/// ```text
/// /server/port: value 70000 is greater than maximum 65535 (at /properties/server/properties/port/maximum)
/// ```
public struct ValidationError: Sendable, Hashable, CustomStringConvertible {
    /// JSON Pointer to the failing part of the instance, `""` for the root (e.g. `/items/0/name`).
    public let instanceLocation: String
    /// JSON Pointer along the evaluation path through the schema, including `$ref` hops
    /// (e.g. `/properties/items/items/required`, `/$ref/minimum`).
    public let keywordLocation: String
    /// Absolute URI of the failing keyword (`<resource URI>#<pointer>`), when the schema resource has an absolute URI.
    public let absoluteKeywordLocation: String?
    /// A sentence describing the problem, e.g. `required property "name" is missing`.
    public let message: String

    /// Creates an error.
    public init(instanceLocation: String, keywordLocation: String, absoluteKeywordLocation: String? = nil, message: String) {
        self.instanceLocation = instanceLocation
        self.keywordLocation = keywordLocation
        self.absoluteKeywordLocation = absoluteKeywordLocation
        self.message = message
    }

    /// `<instance location or (root)>: <message> (at <keyword location>)`.
    public var description: String {
        "\(instanceLocation.isEmpty ? "(root)" : instanceLocation): \(message) (at \(keywordLocation.isEmpty ? "/" : keywordLocation))"
    }
}
