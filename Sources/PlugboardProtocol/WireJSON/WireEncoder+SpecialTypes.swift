extension WireEncoder {
    /// Writes a special type in its JSON form.
    func encodeSpecial<T: Encodable>(_ special: WireSpecialType, _ value: T, at path: () -> [any CodingKey]) throws {
        switch special {
        case .data:
            guard let bytes = value as? any Sequence<UInt8> else {
                throw EncodingError.invalidValue(value, .init(codingPath: path(), debugDescription: "\(T.self) is not a sequence of bytes"))
            }
            writeBase64(Array(bytes))
        case .url:
            // Its own shape is {"relative": "...", "base": {...}}; Foundation writes the absolute string.
            let shape = try ownShape(value)
            let parts = try shape.withUnsafeBufferPointer { try WireDecoder(bytes: $0, specialTypes: false).decodeDocument(URLShape.self) }
            guard parts.base == nil else {
                throw EncodingError.invalidValue(value, .init(codingPath: path(), debugDescription: "a URL relative to a base URL is written as its absolute string, which needs Foundation: encode url.absoluteURL"))
            }
            writeString(parts.relative)
        case .decimal:
            let text = String(describing: value)
            let bytes = Array(text.utf8)
            let valid = bytes.withUnsafeBufferPointer { buffer in
                (try? JSONScanner(bytes: buffer).scanNumber(at: 0)) == buffer.count
            }
            guard valid else {
                throw EncodingError.invalidValue(value, .init(codingPath: path(), debugDescription: "\(text) is not valid in JSON"))
            }
            output.append(contentsOf: bytes)
        }
    }

    private func ownShape<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = WireEncoder(specialTypes: false)
        return try encoder.encodeDocument(value)
    }

    /// What `URL` writes as its own `Codable` shape.
    private struct URLShape: Decodable {
        var relative: String
        var base: Empty?
    }
}
