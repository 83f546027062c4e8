/// One piece of typed configuration handed to a plugin: `{"type": "my-config", "data": "<base64 JSON>"}`.
///
/// `data` is a Go `[]byte`, so it travels as base64. Decoding also accepts an inline JSON value for hand-written
/// configs.
///
/// ```swift
/// let item = try ConfigData(type: "uppercase-settings", value: Settings(prefix: ">> "))
/// ```
public struct ConfigData: Codable, Sendable, Hashable {
    /// The config type's name, one of the plugin's `configTypes`.
    public var type: String
    /// The JSON text of the configuration.
    public var data: [UInt8]

    /// Creates a config item from JSON bytes.
    public init(type: String, data: [UInt8]) {
        self.type = type
        self.data = data
    }

    /// Creates a config item by encoding a value as JSON.
    public init<T: Encodable>(type: String, value: T) throws {
        self.init(type: type, data: try WireJSON.encode(value))
    }

    /// Decodes the data as a value.
    public func decode<T: Decodable>(_ type: T.Type) throws(ProtocolError) -> T {
        do {
            return try WireJSON.decode(T.self, from: data)
        } catch {
            throw .invalidDocument(document: "config data of type \"\(self.type)\"", detail: WireJSON.describe(error))
        }
    }

    enum CodingKeys: String, CodingKey { case type, data }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.type = try container.decode(String.self, forKey: .type)
        if (try? container.decode(String.self, forKey: .data)) != nil {
            self.data = try container.decode(Base64Bytes.self, forKey: .data).bytes
        } else if container.contains(.data) {
            self.data = try container.decode(RawJSON.self, forKey: .data).bytes
        } else {
            self.data = []
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        try container.encode(Base64Bytes(data), forKey: .data)
    }
}
