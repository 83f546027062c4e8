import PlugboardProtocol

/// The body answered by `POST /transform`: `{"data": "<base64>", "metadata": {...}}`.
public struct TransformResponse: Codable, Sendable, Hashable {
    /// The output bytes (base64 on the wire).
    public var data: Base64Bytes
    /// Free-form string metadata.
    public var metadata: [String: String]?

    /// Creates a response.
    public init(data: Base64Bytes, metadata: [String: String]? = nil) {
        self.data = data
        self.metadata = metadata
    }
}
