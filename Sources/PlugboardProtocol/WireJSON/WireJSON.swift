/// The JSON encoding and decoding used on the wire, in one place so that host and plugin agree.
///
/// Plugboard's wire JSON is compact UTF-8 JSON. Encoding writes object keys in the order the type encodes them
/// (declaration order for synthesized `Codable`) and `[String: …]` dictionaries with sorted keys, so the same
/// value always gives the same bytes. Decoding accepts any key order, as JSON requires.
///
/// Both directions run on Plugboard's own streaming coder (``WireEncoder``, ``WireDecoder``): Foundation's
/// `JSONEncoder`/`JSONDecoder` were about a fifth of each side's CPU per call (docs/PERFORMANCE.md), and this
/// module, like every plugin built on it, does not link Foundation. Values read and write as Foundation's coders
/// do with default strategies (`Data`, `URL` and `Decimal` included); the rare value a forward pass cannot follow
/// (`superEncoder`, containers used out of order) is encoded as a tree (``WireTreeEncoder``), transparently.
///
/// ```swift
/// let bytes = try WireJSON.encode(ErrorBody(message: "no", statusCode: 400))
/// let body = try WireJSON.decode(ErrorBody.self, from: bytes)
/// ```
public enum WireJSON {
    /// Encodes a value to compact JSON bytes.
    public static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        do {
            return try WireEncoder().encodeDocument(value)
        } catch is WireJSONFallback {
            return try WireTreeEncoder.encodeDocument(value)
        }
    }

    /// Decodes a value from JSON bytes.
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: some Collection<UInt8>) throws -> T {
        let decoded = try bytes.withContiguousStorageIfAvailable { buffer in
            try WireDecoder(bytes: buffer).decodeDocument(type)
        }
        if let decoded { return decoded }
        return try Array(bytes).withUnsafeBufferPointer { try WireDecoder(bytes: $0).decodeDocument(type) }
    }

    /// Decodes a value from a JSON string.
    public static func decode<T: Decodable>(_ type: T.Type, from string: String) throws -> T {
        try decode(type, from: Array(string.utf8))
    }

    /// Describes a decoding error as a sentence with the JSON path that failed, e.g.
    /// `at $.configTypes[0].data: expected base64 string`.
    public static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ codingPath: [any CodingKey]) -> String {
            var result = "$"
            for key in codingPath {
                if let index = key.intValue { result += "[\(index)]" } else { result += ".\(key.stringValue)" }
            }
            return result
        }
        switch error {
        case .typeMismatch(let type, let context):
            return "at \(path(context.codingPath)): expected \(type): \(context.debugDescription)"
        case .valueNotFound(let type, let context):
            return "at \(path(context.codingPath)): missing \(type) value"
        case .keyNotFound(let key, let context):
            return "at \(path(context.codingPath + [key])): required key '\(key.stringValue)' is missing"
        case .dataCorrupted(let context):
            let underlying = (context.underlyingError).map { ": \($0)" } ?? ""
            return "at \(path(context.codingPath)): \(context.debugDescription)\(underlying)"
        @unknown default:
            return "\(error)"
        }
    }
}
