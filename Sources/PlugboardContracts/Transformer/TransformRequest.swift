import PlugboardProtocol

/// The body of `POST /transform`:
/// `{"data": "<base64>", "transformation": "replace", "parameters": {"from": "a", "to": "b"}}`.
public struct TransformRequest: Codable, Sendable, Hashable {
    /// The input bytes (base64 on the wire).
    public var data: Base64Bytes
    /// The transformation's name, one of `GET /transformations`.
    public var transformation: String
    /// The transformation's parameters. A Go host may send any JSON value: one that is not a string arrives as its
    /// JSON text (`"count": 3` as `"3"`).
    public var parameters: [String: String]

    /// Creates a request.
    public init(data: Base64Bytes, transformation: String, parameters: [String: String] = [:]) {
        self.data = data
        self.transformation = transformation
        self.parameters = parameters
    }

    enum CodingKeys: String, CodingKey { case data, transformation, parameters }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.data = try container.decode(Base64Bytes.self, forKey: .data)
        self.transformation = try container.decode(String.self, forKey: .transformation)
        self.parameters = try container.decodeStringValues(forKey: .parameters) ?? [:]
    }
}
