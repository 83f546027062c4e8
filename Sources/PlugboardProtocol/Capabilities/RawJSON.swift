/// A JSON document kept as its text, for schemas that travel inside other documents.
///
/// Encodes inline (as the JSON value itself). ``TypeInfo`` writes it base64-encoded for Go compatibility.
public struct RawJSON: Sendable, Hashable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The UTF-8 JSON text.
    public var bytes: [UInt8]

    /// Wraps JSON text. The text is not checked here; the host compiles schemas at registration.
    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Wraps JSON text given as a string.
    public init(_ string: String) { self.bytes = Array(string.utf8) }

    /// Wraps JSON text written as a string literal, e.g. `#"{"type":"object"}"#`.
    public init(stringLiteral value: String) { self.init(value) }

    public var description: String { String(decoding: bytes, as: UTF8.self) }

    public init(from decoder: any Decoder) throws {
        self.bytes = try WireJSON.encode(try AnyJSON(from: decoder))
    }

    public func encode(to encoder: any Encoder) throws {
        try tree(at: encoder.codingPath).encode(to: encoder)
    }

    /// The text as a tree to encode; an `EncodingError` at `codingPath` when it is not JSON.
    func tree(at codingPath: [any CodingKey]) throws -> AnyJSON {
        do {
            return try WireJSON.decode(AnyJSON.self, from: bytes)
        } catch {
            throw EncodingError.invalidValue(description, .init(codingPath: codingPath, debugDescription: "not JSON: \(error)"))
        }
    }

    /// Decodes either a base64 string holding JSON text (Go's `[]byte`) or an inline JSON value.
    struct BytesOrInline: Decodable {
        let value: RawJSON
        init(from decoder: any Decoder) throws {
            if let text = try? decoder.singleValueContainer().decode(String.self) {
                let bytes = try Base64Bytes(from: decoder).bytes
                guard (try? WireJSON.decode(AnyJSON.self, from: bytes)) != nil else {
                    throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "base64 string \"\(text.prefix(40))\" does not hold JSON"))
                }
                self.value = RawJSON(bytes)
            } else {
                self.value = try RawJSON(from: decoder)
            }
        }
    }
}
