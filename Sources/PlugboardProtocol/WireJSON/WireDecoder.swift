import ExtrasBase64

/// The wire path's `Decoder`: reads straight from the request or response bytes, scanning each object or array once
/// when its container is asked for, with no intermediate tree. Errors are `DecodingError`s with the coding path,
/// as Foundation's are, so ``WireJSON/describe(_:)`` names the JSON path.
///
/// It decodes what Foundation's `JSONDecoder` with default strategies decodes, the same way, without linking
/// Foundation: `Data` from base64, `URL` from a string, `Decimal` from a number (``WireSpecialType``), `Date` as
/// seconds since 2001.
final class WireDecoder: Decoder {
    let scanner: JSONScanner
    /// The value being decoded now. (Unchecked: only this decoder's methods touch it, one at a time.)
    @exclusivity(unchecked) var value: JSONSlice
    var codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    /// Whether `Data`, `URL` and `Decimal` read as their JSON forms; off to read their own `Codable` shapes.
    let specialTypes: Bool

    init(bytes: UnsafeBufferPointer<UInt8>, specialTypes: Bool = true) {
        self.scanner = JSONScanner(bytes: bytes)
        self.value = JSONSlice(start: 0, end: -1, kind: .null)
        self.codingPath = []
        self.specialTypes = specialTypes
    }

    /// A decoder for one value of a document another decoder reads (a `superDecoder`).
    init(scanner: JSONScanner, value: JSONSlice, codingPath: [any CodingKey], specialTypes: Bool) {
        self.scanner = scanner
        self.value = value
        self.codingPath = codingPath
        self.specialTypes = specialTypes
    }

    /// Decodes a whole document: one value, with only whitespace around it.
    func decodeDocument<T: Decodable>(_ type: T.Type) throws -> T {
        let start = scanner.skipWhitespace(0)
        do {
            value = try scanner.peek(start)
        } catch {
            throw corrupted(error)
        }
        let result = try decodeCurrent(type)
        var end = value.end
        if end < 0 {
            // Nothing scanned the value to its end (a type that ignores its input, such as `Empty`): check it now.
            do { end = try scanner.scanValue(at: value.start).end } catch { throw corrupted(error) }
        }
        let rest = scanner.skipWhitespace(end)
        guard rest == scanner.bytes.count else {
            throw corrupted(scanner.unexpected(rest, expected: "the end of the document"))
        }
        return result
    }

    // MARK: Decoder

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(WireKeyedDecodingContainer<Key>(decoder: self, members: try scanMembers(), codingPath: codingPath))
    }

    /// Scans the current value, which must be an object, into its members.
    func scanMembers() throws -> [WireMember] {
        try require(.object)
        var members: [WireMember] = []
        do {
            value.end = try scanner.scanObject(at: value.start, depth: codingPath.count) { keyStart, keyEnd, plain, member in
                members.append(WireMember(keyStart: keyStart, keyEnd: keyEnd, keyPlain: plain, value: member))
            }
        } catch {
            throw corrupted(error)
        }
        return members
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try require(.array)
        var elements: [JSONSlice] = []
        do {
            value.end = try scanner.scanArray(at: value.start, depth: codingPath.count) { element in elements.append(element) }
        } catch {
            throw corrupted(error)
        }
        return WireUnkeyedDecodingContainer(decoder: self, elements: elements, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        WireSingleValueDecodingContainer(decoder: self)
    }

    // MARK: Values

    /// Decodes `type` from `slice`, the value at `path`. The path is built only for a nested `Decodable` or an
    /// error: most values are strings, numbers and bytes.
    @inline(__always)
    func decode<T: Decodable>(_ type: T.Type, from slice: JSONSlice, at path: @autoclosure () -> [any CodingKey]) throws -> T {
        let saved = value
        value = slice
        defer { value = saved }
        do {
            if let primitive = try decodePrimitive(type) { return primitive }
        } catch let error as DecodingError {
            throw error.at(path())
        }
        let savedPath = codingPath
        codingPath = path()
        defer { codingPath = savedPath }
        return try decodeComposite(type)
    }

    /// Decodes `type` from the current value, with the fast paths for the types the wire uses most.
    func decodeCurrent<T: Decodable>(_ type: T.Type) throws -> T {
        if let primitive = try decodePrimitive(type) { return primitive }
        return try decodeComposite(type)
    }

    /// The types read straight from the bytes, or nil for any other type.
    @inline(__always)
    private func decodePrimitive<T: Decodable>(_ type: T.Type) throws -> T? {
        if T.self == String.self { return (try decodeString() as! T) }
        if T.self == Base64Bytes.self { return (Base64Bytes(try decodeBase64()) as! T) }
        if T.self == Int.self { return (try decodeInteger(Int.self) as! T) }
        if T.self == Bool.self { return (try decodeBool() as! T) }
        if T.self == Double.self { return (try decodeFloat(Double.self) as! T) }
        return nil
    }

    private func decodeComposite<T: Decodable>(_ type: T.Type) throws -> T {
        if specialTypes, let special = WireSpecialType.of(T.self) { return try decodeSpecial(special, as: type) }
        if T.self == [String: String].self {
            return try [String: String].decodeMembers(from: self) as! T
        }
        if T.self == AnyJSON.self { return try AnyJSON(from: self, kind: value.kind) as! T }
        if WireJSON.mayBeDictionary(T.self), let dictionary = T.self as? any WireStringKeyedDecodable.Type {
            return try dictionary.decodeMembers(from: self) as! T
        }
        return try T(from: self)
    }

    func decodeString() throws -> String {
        try require(.string)
        do {
            if value.end < 0 { (value.end, value.plain) = try scanner.scanString(at: value.start) }
            return try scanner.string(value)
        } catch {
            throw corrupted(error)
        }
    }

    func decodeBool() throws -> Bool {
        try require(.bool)
        if value.end < 0 {
            do { value = try scanner.scanValue(at: value.start) } catch { throw corrupted(error) }
        }
        return value.end - value.start == 4
    }

    /// Base64 as Go's `[]byte` and Foundation's `Data` travel; `null` reads as no bytes, as in Go.
    func decodeBase64() throws -> [UInt8] {
        if value.kind == .null { return [] }
        try require(.string)
        do {
            if value.end < 0 { (value.end, value.plain) = try scanner.scanString(at: value.start) }
        } catch {
            throw corrupted(error)
        }
        do {
            if value.plain {
                return try Base64.decode(bytes: UnsafeBufferPointer(rebasing: scanner.bytes[(value.start + 1)..<(value.end - 1)]))
            }
            return try Base64.decode(string: try scanner.string(value))
        } catch {
            let text = (try? scanner.string(value)) ?? ""
            throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "expected a base64 string, got \"\(text.prefix(40))\""))
        }
    }

    func decodeInteger<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        try require(.number)
        let end: Int
        do { end = value.end >= 0 ? value.end : try scanner.scanNumber(at: value.start) } catch { throw corrupted(error) }
        value.end = end
        let bytes = scanner.bytes
        var index = value.start
        let negative = bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        var result: T = 0
        var overflow = false
        while index < end, bytes[index] &- UInt8(ascii: "0") < 10 {
            let digit = T(bytes[index] &- UInt8(ascii: "0"))
            var step: Bool
            (result, step) = result.multipliedReportingOverflow(by: 10)
            overflow = overflow || step
            (result, step) = negative ? result.subtractingReportingOverflow(digit) : result.addingReportingOverflow(digit)
            overflow = overflow || step
            index += 1
        }
        if index == end && !overflow { return result }
        // Only now the number's text: a fraction or an exponent is fine when the value is still a whole number that
        // fits (`1.0`, `1e3`); anything else is an error that quotes it.
        let text = scanner.text(value.start, end)
        if index < end {
            if let double = Double(text), double.rounded() == double, let exact = T(exactly: double) { return exact }
            throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "number \(text) is not a whole number that fits in \(T.self)"))
        }
        throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "number \(text) does not fit in \(T.self)"))
    }

    func decodeFloat<T: BinaryFloatingPoint & LosslessStringConvertible>(_ type: T.Type) throws -> T {
        try require(.number)
        do { if value.end < 0 { value.end = try scanner.scanNumber(at: value.start) } } catch { throw corrupted(error) }
        let text = scanner.text(value.start, value.end)
        guard let result = T(text), result.isFinite else {
            throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "number \(text) does not fit in \(T.self)"))
        }
        return result
    }

    // MARK: Errors

    /// Checks the current value's kind, throwing what Foundation throws when it is not: `valueNotFound` for null,
    /// `typeMismatch` otherwise.
    @inline(__always)
    func require(_ kind: JSONSlice.Kind) throws {
        guard value.kind != kind else { return }
        throw mismatch(kind)
    }

    func mismatch(_ kind: JSONSlice.Kind) -> DecodingError {
        let type: Any.Type = switch kind {
        case .object: [String: Any].self
        case .array: [Any].self
        case .string: String.self
        case .number: Double.self
        case .bool: Bool.self
        case .null: Never?.self
        }
        if value.kind == .null {
            return DecodingError.valueNotFound(type, .init(codingPath: codingPath, debugDescription: "expected \(kind.name) but found null instead"))
        }
        return DecodingError.typeMismatch(type, .init(codingPath: codingPath, debugDescription: "expected \(kind.name) but found \(value.kind.name) instead"))
    }

    func corrupted(_ error: JSONSyntaxError) -> DecodingError {
        DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "invalid JSON at byte \(error.offset): \(error.message)"))
    }
}

extension WireDecoder {
    /// Runs `body` with `slice` as the current value at `path`, restoring the previous value after.
    func withValue<T>(_ slice: JSONSlice, at path: [any CodingKey], _ body: (WireDecoder) throws -> T) throws -> T {
        let saved = (value, codingPath)
        value = slice
        codingPath = path
        defer { (value, codingPath) = saved }
        return try body(self)
    }
}
