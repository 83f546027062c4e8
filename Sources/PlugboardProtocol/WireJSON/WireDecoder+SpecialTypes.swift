extension WireDecoder {
    /// Reads a special type from its JSON form.
    func decodeSpecial<T: Decodable>(_ special: WireSpecialType, as type: T.Type) throws -> T {
        switch special {
        case .data:
            let bytes = try decodeBase64()
            guard let collection = T.self as? any RangeReplaceableCollection<UInt8>.Type else {
                throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "\(T.self) is not a collection of bytes"))
            }
            return Self.make(collection, from: bytes) as! T
        case .url:
            let text = try decodeString()
            let writer = WireEncoder()
            writer.writeString(text)
            return try ownShape(type, json: Array(#"{"relative":"#.utf8) + writer.output + [UInt8(ascii: "}")], describing: "a URL")
        case .decimal:
            try require(.number)
            do { if value.end < 0 { value.end = try scanner.scanNumber(at: value.start) } } catch { throw corrupted(error) }
            let text = scanner.text(value.start, value.end)
            guard let shape = DecimalShape(number: text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "number \(text) does not fit in a Decimal"))
            }
            return try ownShape(type, json: Array(shape.json.utf8), describing: "a Decimal")
        }
    }

    private static func make<C: RangeReplaceableCollection<UInt8>>(_ type: C.Type, from bytes: [UInt8]) -> C {
        C(bytes)
    }

    /// Decodes `type` from its own `Codable` shape, given as JSON.
    private func ownShape<T: Decodable>(_ type: T.Type, json: [UInt8], describing name: String) throws -> T {
        do {
            return try json.withUnsafeBufferPointer { try WireDecoder(bytes: $0, specialTypes: false).decodeDocument(type) }
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "not \(name): \(WireJSON.describe(error))"))
        }
    }
}
