/// Foundation's types whose JSON form (what Foundation's `JSONEncoder` writes with default strategies, and what Go
/// expects) differs from their own `Codable` shape: `Data` is a base64 string, not an array of numbers; `URL` is a
/// string, not `{"relative": ...}`; `Decimal` is a number, not its mantissa words.
///
/// The wire coder recognises them by name, so that neither it nor any plugin links Foundation for their sake
/// (Foundation was ~3 MB of a plugin's memory, a quarter of its type conformances, and part of its start-up):
/// a plugin that uses these types imports Foundation itself, and they then read and write as with Foundation.
enum WireSpecialType {
    case data, url, decimal

    /// Which special type `type` is, if any. Costs the runtime's cached type-name lookup; only values that are
    /// neither primitives nor bytes get here.
    static func of(_ type: Any.Type) -> WireSpecialType? {
        let special: WireSpecialType
        switch _typeName(type, qualified: false) {
        case "Data": special = .data
        case "URL": special = .url
        case "Decimal": special = .decimal
        default: return nil
        }
        switch _typeName(type, qualified: true) {
        case "FoundationEssentials.Data", "Foundation.Data", "FoundationEssentials.URL", "Foundation.URL",
             "FoundationEssentials.Decimal", "Foundation.Decimal":
            return special
        default:
            return nil
        }
    }
}

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

/// The fields of `Decimal`'s own `Codable` shape, computed from a JSON number: a mantissa of up to 38 digits in
/// eight 16-bit words (least significant first) and a base-10 exponent.
struct DecimalShape {
    var exponent: Int
    var isNegative: Bool
    var mantissa: UInt128

    init?(number: String) {
        var digits: [UInt8] = []
        var exponent = 0
        var isNegative = false
        var seenPoint = false
        var utf8 = number.utf8[...]
        if utf8.first == UInt8(ascii: "-") {
            isNegative = true
            utf8 = utf8.dropFirst()
        }
        while let byte = utf8.first, byte != UInt8(ascii: "e"), byte != UInt8(ascii: "E") {
            utf8 = utf8.dropFirst()
            if byte == UInt8(ascii: ".") {
                seenPoint = true
                continue
            }
            if digits.isEmpty && byte == UInt8(ascii: "0") {
                if seenPoint { exponent -= 1 }
                continue
            }
            if digits.count < 38 {
                digits.append(byte - UInt8(ascii: "0"))
                if seenPoint { exponent -= 1 }
            } else if !seenPoint {
                exponent += 1 // digits beyond a Decimal's 38 are dropped, as Foundation does
            }
        }
        if !utf8.isEmpty {
            guard let written = Int(String(decoding: utf8.dropFirst(), as: UTF8.self)) else { return nil }
            exponent += written
        }
        var mantissa: UInt128 = 0
        for digit in digits { mantissa = mantissa * 10 + UInt128(digit) }
        // The compact form: no trailing zeros in the mantissa.
        while mantissa != 0 && mantissa % 10 == 0 {
            mantissa /= 10
            exponent += 1
        }
        if mantissa == 0 {
            exponent = 0
            isNegative = false
        }
        guard (-128...127).contains(exponent) else { return nil }
        self.exponent = exponent
        self.isNegative = isNegative
        self.mantissa = mantissa
    }

    /// `Decimal`'s own `Codable` shape as JSON.
    var json: String {
        var words: [UInt16] = []
        var rest = mantissa
        for _ in 0..<8 {
            words.append(UInt16(truncatingIfNeeded: rest))
            rest >>= 16
        }
        let length = words.lastIndex { $0 != 0 }.map { $0 + 1 } ?? 0
        let mantissaText = words.map(String.init).joined(separator: ",")
        return #"{"exponent":\#(exponent),"length":\#(length),"isNegative":\#(isNegative),"isCompact":true,"mantissa":[\#(mantissaText)]}"#
    }
}
