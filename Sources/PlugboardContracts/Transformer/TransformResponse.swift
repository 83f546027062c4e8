import PlugboardProtocol

/// The body answered by `POST /transform`: `{"data": "<base64>", "metadata": {...}}`.
public struct TransformResponse: Codable, Sendable, Hashable {
    /// The output bytes (base64 on the wire).
    public var data: Base64Bytes
    /// Free-form string metadata. A Go plugin may answer any JSON value: one that is not a string arrives as its
    /// JSON text (`"length": 5` as `"5"`).
    public var metadata: [String: String]?

    /// Creates a response.
    public init(data: Base64Bytes, metadata: [String: String]? = nil) {
        self.data = data
        self.metadata = metadata
    }

    enum CodingKeys: String, CodingKey { case data, metadata }

    /// Decodes a response, Go's any-valued `metadata` included.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.data = try container.decode(Base64Bytes.self, forKey: .data)
        self.metadata = try container.decodeStringValues(forKey: .metadata)
    }
}
