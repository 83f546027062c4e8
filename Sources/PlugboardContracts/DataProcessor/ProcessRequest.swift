import PlugboardProtocol

/// The body of `POST /process`: `{"data": "<base64>", "format": "text/plain"}`.
public struct ProcessRequest: Codable, Sendable, Hashable {
    /// The input bytes (base64 on the wire).
    public var data: Base64Bytes
    /// The input's format, a MIME type.
    public var format: String

    /// Creates a request.
    public init(data: Base64Bytes, format: String = "text/plain") {
        self.data = data
        self.format = format
    }

    enum CodingKeys: String, CodingKey { case data, format }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.data = try container.decode(Base64Bytes.self, forKey: .data)
        self.format = try container.decodeIfPresent(String.self, forKey: .format) ?? ""
    }
}
