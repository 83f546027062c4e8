/// One type a plugin implements for a contract, with the JSON Schema of its input.
///
/// The Go framework encodes `jsonSchema` as a base64 string (it is a `[]byte`); Plugboard accepts that and a plain
/// JSON schema (object or boolean), and writes base64 so that a Go host can read Plugboard plugins too.
public struct TypeInfo: Codable, Sendable, Hashable {
    /// The type's name, unique within its contract, e.g. `uppercase`.
    public var type: String
    /// The schema's JSON text, or `nil` when the plugin declared none.
    public var jsonSchema: RawJSON?

    /// Creates a type description.
    public init(type: String, jsonSchema: RawJSON? = nil) {
        self.type = type
        self.jsonSchema = jsonSchema
    }

    enum CodingKeys: String, CodingKey { case type, jsonSchema }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.type = try container.decode(String.self, forKey: .type)
        self.jsonSchema = try container.decodeIfPresent(RawJSON.BytesOrInline.self, forKey: .jsonSchema)?.value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        if let jsonSchema { try container.encode(Base64Bytes(jsonSchema.bytes), forKey: .jsonSchema) }
    }
}
