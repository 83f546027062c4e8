/// A config type a plugin accepts: its name and, optionally, the JSON Schema its data must satisfy.
///
/// The Go framework lists config types as plain strings (`"configTypes": ["my-config"]`); a Plugboard plugin may
/// write an object instead: `{"type": "my-config", "jsonSchema": {...}}`. Both decode to this type.
public struct ConfigTypeInfo: Codable, Sendable, Hashable, ExpressibleByStringLiteral {
    /// The config type's name.
    public var type: String
    /// The schema its data must satisfy, when declared.
    public var jsonSchema: RawJSON?

    /// Creates a config type description.
    public init(type: String, jsonSchema: RawJSON? = nil) {
        self.type = type
        self.jsonSchema = jsonSchema
    }

    /// A config type with no schema, written as its name.
    public init(stringLiteral value: String) { self.init(type: value) }

    enum CodingKeys: String, CodingKey { case type, jsonSchema }

    public init(from decoder: any Decoder) throws {
        if let name = try? decoder.singleValueContainer().decode(String.self) {
            self.init(type: name)
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            type: try container.decode(String.self, forKey: .type),
            jsonSchema: try container.decodeIfPresent(RawJSON.BytesOrInline.self, forKey: .jsonSchema)?.value
        )
    }

    public func encode(to encoder: any Encoder) throws {
        if jsonSchema == nil {
            var container = encoder.singleValueContainer()
            try container.encode(type)
            return
        }
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        try container.encodeIfPresent(jsonSchema, forKey: .jsonSchema)
    }
}
