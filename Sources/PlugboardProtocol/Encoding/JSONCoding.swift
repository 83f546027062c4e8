#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The JSON encoding and decoding used on the wire, in one place so that host and plugin agree.
///
/// Plugboard's wire JSON is plain UTF-8 JSON with no pretty printing. Keys are sorted when encoding
/// so that the bytes a plugin prints are stable (useful for caching and for tests).
///
/// ```swift
/// let bytes = try WireJSON.encode(ErrorBody(message: "no", statusCode: 400))
/// let body = try WireJSON.decode(ErrorBody.self, from: bytes)
/// ```
public enum WireJSON {
    /// One encoder and one decoder, configured once and shared: both are thread-safe, and making them per call
    /// showed up in profiles.
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
    private static let decoder = JSONDecoder()

    /// Encodes a value to compact JSON bytes.
    public static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        Array(try encoder.encode(value))
    }

    /// Decodes a value from JSON bytes.
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: some Collection<UInt8>) throws -> T {
        if let array = bytes as? [UInt8] {
            return try array.withUnsafeBufferPointer { try decoder.decode(type, from: Data(buffer: $0)) }
        }
        return try decoder.decode(type, from: Data(bytes))
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
