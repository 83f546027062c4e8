import PlugboardProtocol

/// One parameter of a transformation, in the Go framework's wire shape (its `contracts.ParameterInfo`):
/// `{"name": "count", "type": "integer", "required": false, "default": 2, "description": "how many times"}`.
///
/// `name`, `type` and `required` are always written; `default` and `description` only when set (Go's `omitempty`).
/// A string literal is a string parameter that is not required: `"suffix"`. For compatibility with Plugboard
/// plugins written before this shape, a bare string in the JSON array is read the same way.
public struct ParameterInfo: Codable, Sendable, Hashable, ExpressibleByStringLiteral {
    /// The key in ``TransformRequest/parameters``.
    public var name: String
    /// The value's type, free text as in Go (`string`, `integer`, `boolean`, …).
    public var type: String
    /// Whether a request must give it.
    public var required: Bool
    /// The value used when a request leaves it out, as JSON.
    public var `default`: RawJSON?
    /// What it means, for people.
    public var description: String?

    /// Creates a parameter description.
    public init(name: String, type: String = "string", required: Bool = false, default: RawJSON? = nil, description: String? = nil) {
        self.name = name
        self.type = type
        self.required = required
        self.default = `default`
        self.description = description
    }

    /// A string parameter that is not required.
    public init(stringLiteral name: String) {
        self.init(name: name)
    }

    enum CodingKeys: String, CodingKey { case name, type, required, `default`, description }

    public init(from decoder: any Decoder) throws {
        if let name = try? decoder.singleValueContainer().decode(String.self) {
            self.init(name: name)
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        // Go decodes `"default": null` into a nil interface and leaves it out when it writes the value again.
        let value = try container.decodeIfPresent(RawJSON.self, forKey: .default)
        let text = try container.decodeIfPresent(String.self, forKey: .description)
        self.init(
            name: try container.decode(String.self, forKey: .name),
            type: try container.decodeIfPresent(String.self, forKey: .type) ?? "",
            required: try container.decodeIfPresent(Bool.self, forKey: .required) ?? false,
            default: value?.bytes == Array("null".utf8) ? nil : value,
            description: text?.isEmpty == true ? nil : text
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(type, forKey: .type)
        try container.encode(required, forKey: .required)
        try container.encodeIfPresent(self.default, forKey: .default)
        if let description, !description.isEmpty { try container.encode(description, forKey: .description) }
    }
}
