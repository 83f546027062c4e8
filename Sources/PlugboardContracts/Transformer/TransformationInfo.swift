/// One transformation a ``Transformer`` offers: `{"name": "replace", "description": "...", "parameters": ["from", "to"]}`.
public struct TransformationInfo: Codable, Sendable, Hashable {
    /// The name to pass in ``TransformRequest/transformation``.
    public var name: String
    /// What it does.
    public var description: String
    /// The parameter names it reads; those not listed are rejected.
    public var parameters: [String]

    /// Creates a description.
    public init(name: String, description: String, parameters: [String] = []) {
        self.name = name
        self.description = description
        self.parameters = parameters
    }
}
