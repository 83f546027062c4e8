import PlugboardProtocol

/// One transformation a ``Transformer`` offers, in the Go framework's wire shape:
/// `{"name": "replace", "description": "...", "parameters": [{"name": "from", "type": "string", "required": true}]}`.
///
/// `parameters` is left out of the JSON when it is empty, as Go's `omitempty` does; absent on input, it is `[]`.
///
/// ```swift
/// TransformationInfo(name: "replace", description: "replaces `from` with `to`", parameters: [
///     ParameterInfo(name: "from", required: true, description: "the text to find"),
///     "to",   // a string parameter that is not required
/// ])
/// ```
public struct TransformationInfo: Codable, Sendable, Hashable {
    /// The name to pass in ``TransformRequest/transformation``.
    public var name: String
    /// What it does.
    public var description: String
    /// The parameters it reads; those not listed are rejected.
    public var parameters: [ParameterInfo]

    /// Creates a description.
    public init(name: String, description: String, parameters: [ParameterInfo] = []) {
        self.name = name
        self.description = description
        self.parameters = parameters
    }

    /// The names of ``parameters``, in order.
    public var parameterNames: [String] { parameters.map(\.name) }

    enum CodingKeys: String, CodingKey { case name, description, parameters }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.name = try container.decode(String.self, forKey: .name)
        self.description = try container.decodeIfPresent(String.self, forKey: .description) ?? ""
        self.parameters = try container.decodeIfPresent([ParameterInfo].self, forKey: .parameters) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(description, forKey: .description)
        if !parameters.isEmpty { try container.encode(parameters, forKey: .parameters) }
    }
}
