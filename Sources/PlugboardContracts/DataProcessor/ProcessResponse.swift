import PlugboardProtocol

/// The body answered by `POST /process`: `{"data": "<base64>", "format": "...", "metadata": {...}}`.
public struct ProcessResponse: Codable, Sendable, Hashable {
    /// The output bytes (base64 on the wire).
    public var data: Base64Bytes
    /// The output's format, when the plugin says.
    public var format: String?
    /// Free-form string metadata, e.g. `processed_by`.
    public var metadata: [String: String]?

    /// Creates a response.
    public init(data: Base64Bytes, format: String? = nil, metadata: [String: String]? = nil) {
        self.data = data
        self.format = format
        self.metadata = metadata
    }
}
