import ExtrasBase64

/// Bytes that travel as a base64 string in JSON, the way Go's `encoding/json` writes `[]byte`.
///
/// ```swift
/// let payload = Base64Bytes(Array("hello".utf8))   // encodes as "aGVsbG8="
/// ```
public struct Base64Bytes: Sendable, Hashable, Codable, ExpressibleByStringLiteral {
    /// The raw bytes.
    public var bytes: [UInt8]

    /// Wraps raw bytes.
    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Wraps the UTF-8 bytes of a string.
    public init(stringLiteral value: String) { self.bytes = Array(value.utf8) }

    /// The bytes read as UTF-8 text (invalid sequences repaired).
    public var string: String { String(decoding: bytes, as: UTF8.self) }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self.bytes = []; return }
        let text = try container.decode(String.self)
        do {
            self.bytes = try Base64.decode(string: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a base64 string, got \"\(text.prefix(40))\"")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Base64.encodeToString(bytes: bytes))
    }
}
