#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads JSON syntax straight from bytes: finds where values end (validating them on the way), reads strings and
/// numbers. The wire decoder builds on it; nothing here allocates except decoded strings.
struct JSONScanner {
    let bytes: UnsafeBufferPointer<UInt8>

    /// Deeper nesting than this is refused rather than risking the stack on hostile input.
    static let maxDepth = 512

    @inline(__always)
    func skipWhitespace(_ index: Int) -> Int {
        var index = index
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return index
            }
        }
        return index
    }

    /// The kind of the value starting at `index` (which must not be whitespace), its end not yet known.
    func peek(_ index: Int) throws(JSONSyntaxError) -> JSONSlice {
        guard index < bytes.count else { throw JSONSyntaxError(offset: index, message: "unexpected end of input, expected a value") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return JSONSlice(start: index, end: -1, kind: .object)
        case UInt8(ascii: "["): return JSONSlice(start: index, end: -1, kind: .array)
        case UInt8(ascii: "\""): return JSONSlice(start: index, end: -1, kind: .string)
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return JSONSlice(start: index, end: -1, kind: .bool)
        case UInt8(ascii: "n"): return JSONSlice(start: index, end: -1, kind: .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return JSONSlice(start: index, end: -1, kind: .number)
        default: throw unexpected(index, expected: "a value")
        }
    }

    /// Scans the value starting at `index` (no whitespace before it) to its end, validating its syntax.
    func scanValue(at index: Int, depth: Int = 0) throws(JSONSyntaxError) -> JSONSlice {
        var slice = try peek(index)
        switch slice.kind {
        case .string:
            let (end, plain) = try scanString(at: index)
            slice.end = end
            slice.plain = plain
        case .number:
            slice.end = try scanNumber(at: index)
        case .bool:
            if matches(index, "true") { slice.end = index + 4 } else if matches(index, "false") { slice.end = index + 5 } else { throw unexpected(index, expected: "a value") }
        case .null:
            guard matches(index, "null") else { throw unexpected(index, expected: "a value") }
            slice.end = index + 4
        case .object:
            slice.end = try scanObject(at: index, depth: depth) { _, _, _, _ in }
        case .array:
            slice.end = try scanArray(at: index, depth: depth) { _ in }
        }
        return slice
    }

    /// Scans an object, calling `member(keyStart, keyEnd, keyPlain, value)` for each member in order; returns the
    /// offset past its closing brace. `keyStart..<keyEnd` are the key's bytes between the quotes.
    func scanObject(at index: Int, depth: Int, member: (Int, Int, Bool, JSONSlice) throws(JSONSyntaxError) -> Void) throws(JSONSyntaxError) -> Int {
        guard depth < Self.maxDepth else { throw JSONSyntaxError(offset: index, message: "nesting deeper than \(Self.maxDepth) levels") }
        var index = skipWhitespace(index + 1)
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") { return index + 1 }
        while true {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw unexpected(index, expected: "a string key") }
            let keyStart = index + 1
            let (afterKey, keyPlain) = try scanString(at: index)
            index = skipWhitespace(afterKey)
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw unexpected(index, expected: "':' after an object key") }
            index = skipWhitespace(index + 1)
            let value = try scanValue(at: index, depth: depth + 1)
            try member(keyStart, afterKey - 1, keyPlain, value)
            index = skipWhitespace(value.end)
            guard index < bytes.count else { throw unexpected(index, expected: "',' or '}'") }
            if bytes[index] == UInt8(ascii: ",") {
                index = skipWhitespace(index + 1)
            } else if bytes[index] == UInt8(ascii: "}") {
                return index + 1
            } else {
                throw unexpected(index, expected: "',' or '}'")
            }
        }
    }

    /// Scans an array, calling `element` for each element in order; returns the offset past its closing bracket.
    func scanArray(at index: Int, depth: Int, element: (JSONSlice) throws(JSONSyntaxError) -> Void) throws(JSONSyntaxError) -> Int {
        guard depth < Self.maxDepth else { throw JSONSyntaxError(offset: index, message: "nesting deeper than \(Self.maxDepth) levels") }
        var index = skipWhitespace(index + 1)
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") { return index + 1 }
        while true {
            let value = try scanValue(at: index, depth: depth + 1)
            try element(value)
            index = skipWhitespace(value.end)
            guard index < bytes.count else { throw unexpected(index, expected: "',' or ']'") }
            if bytes[index] == UInt8(ascii: ",") {
                index = skipWhitespace(index + 1)
            } else if bytes[index] == UInt8(ascii: "]") {
                return index + 1
            } else {
                throw unexpected(index, expected: "',' or ']'")
            }
        }
    }

    /// Scans the string whose opening quote is at `index`; returns the offset past its closing quote and whether
    /// it has no escapes. Control characters are refused, escapes are checked.
    func scanString(at index: Int) throws(JSONSyntaxError) -> (end: Int, plain: Bool) {
        var index = index + 1
        var plain = true
        let count = bytes.count
        let base = bytes.baseAddress!
        while true {
            // Eight bytes at a time while none is a quote, a backslash or a control character.
            while index + 8 <= count {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                if Self.hasSpecialByte(word) { break }
                index += 8
            }
            guard index < count else { throw JSONSyntaxError(offset: index, message: "unterminated string") }
            let byte = base[index]
            if byte == UInt8(ascii: "\"") { return (index + 1, plain) }
            if byte == UInt8(ascii: "\\") {
                plain = false
                guard index + 1 < count else { throw JSONSyntaxError(offset: index, message: "unterminated string") }
                switch base[index + 1] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                     UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    index += 2
                case UInt8(ascii: "u"):
                    guard index + 6 <= count, hex4(index + 2) != nil else { throw JSONSyntaxError(offset: index, message: "invalid \\u escape") }
                    index += 6
                default:
                    throw JSONSyntaxError(offset: index, message: "invalid escape '\\\(Self.shown(base[index + 1]))'")
                }
            } else if byte < 0x20 {
                throw JSONSyntaxError(offset: index, message: "unescaped control character 0x\(String(byte, radix: 16)) in a string")
            } else {
                index += 1
            }
        }
    }

    /// Whether any byte of `word` is `"`, `\` or below 0x20 (the SWAR "has byte less than / equal to" tricks).
    @inline(__always)
    static func hasSpecialByte(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        let hasQuote = (quote &- ones) & ~quote & highs
        let hasBackslash = (backslash &- ones) & ~backslash & highs
        let hasControl = (word &- ones &* 0x20) & ~word & highs
        return (hasQuote | hasBackslash | hasControl) != 0
    }

    /// The string value of a scanned string slice (quotes included in `slice`).
    func string(_ slice: JSONSlice) throws(JSONSyntaxError) -> String {
        var slice = slice
        if slice.end < 0 { (slice.end, slice.plain) = try scanString(at: slice.start) }
        let contents = UnsafeBufferPointer(rebasing: bytes[(slice.start + 1)..<(slice.end - 1)])
        if slice.plain {
            return String(decoding: contents, as: UTF8.self)
        }
        return try unescape(from: slice.start + 1, to: slice.end - 1)
    }

    /// Whether the string slice's contents equal `text` (compared as UTF-8, escapes resolved).
    func stringEquals(start: Int, end: Int, plain: Bool, _ text: String) -> Bool {
        if plain {
            let contents = UnsafeBufferPointer(rebasing: bytes[start..<end])
            var text = text
            return text.withUTF8 { utf8 in
                utf8.count == contents.count && (utf8.isEmpty || memcmp(utf8.baseAddress!, contents.baseAddress!, utf8.count) == 0)
            }
        }
        return (try? unescape(from: start, to: end)) == text
    }

    /// Resolves the escapes of a string's contents (`start..<end`, between the quotes, already validated).
    func unescape(from start: Int, to end: Int) throws(JSONSyntaxError) -> String {
        var utf8: [UInt8] = []
        utf8.reserveCapacity(end - start)
        var index = start
        while index < end {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "\\") else {
                utf8.append(byte)
                index += 1
                continue
            }
            let escape = bytes[index + 1]
            index += 2
            switch escape {
            case UInt8(ascii: "b"): utf8.append(0x08)
            case UInt8(ascii: "f"): utf8.append(0x0C)
            case UInt8(ascii: "n"): utf8.append(0x0A)
            case UInt8(ascii: "r"): utf8.append(0x0D)
            case UInt8(ascii: "t"): utf8.append(0x09)
            case UInt8(ascii: "u"):
                guard var scalar = hex4(index) else { throw JSONSyntaxError(offset: index - 2, message: "invalid \\u escape") }
                index += 4
                if (0xD800...0xDBFF).contains(scalar) {
                    // A high surrogate must be followed by a low one; together they are one scalar.
                    guard index + 6 <= end, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u"),
                          let low = hex4(index + 2), (0xDC00...0xDFFF).contains(low) else {
                        throw JSONSyntaxError(offset: index - 6, message: "unpaired UTF-16 surrogate in a \\u escape")
                    }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    index += 6
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    throw JSONSyntaxError(offset: index - 6, message: "unpaired UTF-16 surrogate in a \\u escape")
                }
                utf8.append(contentsOf: UTF8.encode(Unicode.Scalar(scalar)!)!)
            default: utf8.append(escape) // ", \ and /
            }
        }
        return String(decoding: utf8, as: UTF8.self)
    }

    private func hex4(_ index: Int) -> UInt32? {
        guard index + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for offset in 0..<4 {
            let byte = bytes[index + offset]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// Scans a number (JSON's grammar exactly: no leading zeros, no `+`, digits after `.` and `e`); returns its end.
    func scanNumber(at index: Int) throws(JSONSyntaxError) -> Int {
        var index = index
        let start = index
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { throw JSONSyntaxError(offset: start, message: "invalid number") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, isDigit(bytes[index]) { throw JSONSyntaxError(offset: start, message: "invalid number: leading zero") }
        } else {
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw JSONSyntaxError(offset: start, message: "invalid number: no digits after '.'") }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else { throw JSONSyntaxError(offset: start, message: "invalid number: no digits in the exponent") }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        return index
    }

    /// The number's text, for messages and for parsing floating point.
    func text(_ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    @inline(__always)
    private func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

    private func matches(_ index: Int, _ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        return memcmp(bytes.baseAddress! + index, literal.utf8Start, count) == 0
    }

    func unexpected(_ index: Int, expected: String) -> JSONSyntaxError {
        guard index < bytes.count else { return JSONSyntaxError(offset: index, message: "unexpected end of input, expected \(expected)") }
        return JSONSyntaxError(offset: index, message: "unexpected '\(Self.shown(bytes[index]))', expected \(expected)")
    }

    static func shown(_ byte: UInt8) -> String {
        (0x20..<0x7F).contains(byte) ? String(UnicodeScalar(byte)) : "\\x" + String(byte, radix: 16)
    }
}
