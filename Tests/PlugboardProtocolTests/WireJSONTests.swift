import Foundation
import PlugboardProtocol
import Testing

/// The streaming wire codec against Foundation's: same values both ways, the same errors with JSON paths, and the
/// values it hands over to Foundation.
@Suite("Wire JSON codec")
struct WireJSONTests {
    struct Inner: Codable, Equatable {
        var name: String
        var tags: [String]
        var score: Double?
    }

    enum Shape: Codable, Equatable {
        case circle(radius: Double)
        case square(side: Int, label: String?)
        case none
    }

    enum Level: String, Codable { case low, high }

    struct Everything: Codable, Equatable {
        var text: String
        var int: Int
        var int8: Int8
        var uint64: UInt64
        var negative: Int64
        var double: Double
        var float: Float
        var flag: Bool
        var optionalPresent: String?
        var optionalAbsent: Int?
        var bytes: Base64Bytes
        var data: Data
        var date: Date
        var level: Level
        var inner: Inner
        var inners: [Inner]
        var matrix: [[Int]]
        var map: [String: Int]
        var nestedMap: [String: [String: Bool]]
        var shapes: [Shape]
        var optionals: [String?]
    }

    static let everything = Everything(
        text: "quote \" backslash \\ newline \n tab \t control \u{01} slash / é 😀",
        int: -42, int8: 127, uint64: .max, negative: .min, double: 0.1, float: 2.5, flag: true,
        optionalPresent: "here", optionalAbsent: nil,
        bytes: Base64Bytes(Array(0...255)), data: Data([1, 2, 3]), date: Date(timeIntervalSinceReferenceDate: 1234.5),
        level: .high,
        inner: Inner(name: "n", tags: [], score: nil),
        inners: [Inner(name: "a", tags: ["x", "y"], score: 1), Inner(name: "b", tags: ["z"], score: -2.75)],
        matrix: [[1, 2], [], [3]],
        map: ["zeta": 1, "alpha": 2, "mid": 3],
        nestedMap: ["b": ["y": true], "a": ["x": false]],
        shapes: [.circle(radius: 1.5), .square(side: 2, label: nil), .square(side: 3, label: "s"), .none],
        optionals: ["a", nil, "c"]
    )

    @Test("a value with every kind of field round-trips, and Foundation reads the same value from its bytes")
    func roundTrip() throws {
        let bytes = try WireJSON.encode(Self.everything)
        #expect(try WireJSON.decode(Everything.self, from: bytes) == Self.everything)
        #expect(try JSONDecoder().decode(Everything.self, from: Data(bytes)) == Self.everything)
        // And it reads what Foundation writes.
        let foundation = try JSONEncoder().encode(Self.everything)
        #expect(try WireJSON.decode(Everything.self, from: Array(foundation)) == Self.everything)
    }

    @Test("keys come in declaration order, dictionaries sorted, whole doubles without .0, escapes as Foundation's")
    func exactBytes() throws {
        struct Sample: Codable { var b: Int; var a: [String: Double]; var s: String; var n: String? }
        let text = String(decoding: try WireJSON.encode(Sample(b: 1, a: ["y": 2, "x": 0.5, "w": 1e21], s: "a\"b\\c\n\u{1f}/", n: nil)), as: UTF8.self)
        #expect(text == #"{"b":1,"a":{"w":1e+21,"x":0.5,"y":2},"s":"a\"b\\c\n\u001f/"}"#)
    }

    @Test("escapes decode: \\u with surrogate pairs, \\/, and a lone surrogate is an error naming the path")
    func escapes() throws {
        struct Holder: Codable { var s: String }
        #expect(try WireJSON.decode(Holder.self, from: #"{"s":"\u00e9\ud83d\ude00\/\b\f\r\t"}"#).s == "é😀/\u{8}\u{c}\r\t")
        #expect(try WireJSON.decode([String: String].self, from: #"{"k\u0065y":"v"}"#) == ["key": "v"])
        #expect(throws: (any Error).self) { try WireJSON.decode(Holder.self, from: #"{"s":"\ud83d"}"#) }
        #expect(throws: (any Error).self) { try WireJSON.decode(Holder.self, from: "{\"s\":\"raw\ncontrol\"}") }
    }

    @Test("decoding errors name the JSON path and the cause", arguments: [
        (#"{"name":"n","tags":["a",2]}"#, "at $.tags[1]: expected String"),
        (#"{"tags":[]}"#, "at $.name: required key 'name' is missing"),
        (#"{"name":null,"tags":[]}"#, "at $.name: missing String value"),
        (#"{"name":"n","tags":[],"score":"high"}"#, "at $.score: expected Double"),
        (#"{"name":"n","tags":[] "#, "invalid JSON at byte 22"),
        (#"{"name":"n","tags":[]} x"#, "unexpected 'x', expected the end of the document"),
        (#"{"name":"n","tags":[01]}"#, "leading zero"),
        (#"[1]"#, "expected an object but found an array"),
        ("", "unexpected end of input"),
    ])
    func errors(input: String, expected: String) {
        do {
            _ = try WireJSON.decode(Inner.self, from: input)
            Issue.record("decoded \(input)")
        } catch {
            #expect(WireJSON.describe(error).contains(expected), "\(WireJSON.describe(error))")
        }
    }

    @Test("RawJSON reads any JSON value and writes it compact, object keys sorted, whole numbers as integers")
    func rawJSON() throws {
        struct Holder: Codable { var schema: RawJSON }
        let text = #"{"schema": { "e": 1e3, "b": {"c": {}, "d": []}, "a": [1, -2.5, "x\"y", true, false, null] } }"#
        let holder = try WireJSON.decode(Holder.self, from: text)
        #expect(holder.schema.description == #"{"a":[1,-2.5,"x\"y",true,false,null],"b":{"c":{},"d":[]},"e":1000}"#)
        #expect(String(decoding: try WireJSON.encode(holder), as: UTF8.self) == #"{"schema":{"a":[1,-2.5,"x\"y",true,false,null],"b":{"c":{},"d":[]},"e":1000}}"#)
        #expect(try WireJSON.decode(RawJSON.self, from: "\"text\"").description == "\"text\"")
        #expect(throws: (any Error).self) { try WireJSON.decode(Holder.self, from: #"{"schema": [1,]}"#) }
    }

    @Test("integers: whole numbers in any notation fit, fractions and overflow are refused with the number")
    func integers() throws {
        #expect(try WireJSON.decode([Int].self, from: "[1.0, 2e3, -0, 9223372036854775807]") == [1, 2000, 0, .max])
        #expect(try WireJSON.decode([UInt8].self, from: "[255]") == [255])
        for bad in ["[1.5]", "[9223372036854775808]", "[-1]"] {
            #expect(throws: DecodingError.self) { try WireJSON.decode([UInt32].self, from: bad == "[9223372036854775808]" ? "[4294967296]" : bad) }
        }
        #expect(throws: EncodingError.self) { try WireJSON.encode([Double.nan]) }
    }

    @Test("a big object is looked up by index, and a repeated key takes its last value")
    func bigObjectAndDuplicates() throws {
        var map: [String: Int] = [:]
        for index in 0..<100 { map["key\(index)"] = index }
        #expect(try WireJSON.decode([String: Int].self, from: WireJSON.encode(map)) == map)
        struct One: Codable { var a: Int }
        #expect(try WireJSON.decode(One.self, from: #"{"a":1,"a":2}"#).a == 2)
    }

    @Test("nesting deeper than 512 levels is an error, not a crash")
    func deepNesting() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: DecodingError.self) { try WireJSON.decode(AnyDepth.self, from: deep) }
    }

    indirect enum AnyDepth: Decodable {
        case list([AnyDepth])
        init(from decoder: any Decoder) throws { self = .list(try [AnyDepth](from: decoder)) }
    }

    @Test("URL, Decimal, superEncoder and out-of-order containers give Foundation's result")
    func fallbacks() throws {
        struct Special: Codable, Equatable { var url: URL; var amount: Decimal }
        let special = Special(url: URL(string: "https://example.com/a?b=c")!, amount: Decimal(string: "12.34")!)
        let bytes = try WireJSON.encode(special)
        #expect(String(decoding: bytes, as: UTF8.self) == #"{"url":"https://example.com/a?b=c","amount":12.34}"#)
        #expect(try WireJSON.decode(Special.self, from: bytes) == special)
        #expect(try JSONDecoder().decode(Special.self, from: Data(bytes)) == special)
        #expect(throws: DecodingError.self) { try WireJSON.decode(Special.self, from: #"{"url":"","amount":1}"#) }
        // A URL relative to a base: Foundation writes its absolute string, which only Foundation can resolve.
        let relative = Special(url: URL(string: "b", relativeTo: URL(string: "https://example.com/a/"))!, amount: 1)
        #expect(throws: EncodingError.self) { try WireJSON.encode(relative) }

        let child = Child(base: 1, extra: "e")
        let childBytes = try WireJSON.encode(child)
        #expect(try WireJSON.decode(Child.self, from: childBytes) == child)

        let odd = try WireJSON.encode(OutOfOrder())
        #expect(try JSONSerialization.jsonObject(with: Data(odd)) as? NSDictionary == ["a": ["x": 1, "y": 2], "b": 3] as NSDictionary)
    }

    @Test("Decimals read as Foundation reads them", arguments: ["0", "-0.001", "12.34", "1e3", "-7.5E-3", "12345678901234567890123456789012345678", "0.000000000000000000000000000000000001"])
    func decimals(text: String) throws {
        let wire = try WireJSON.decode([Decimal].self, from: "[\(text)]")
        let foundation = try JSONDecoder().decode([Decimal].self, from: Data("[\(text)]".utf8))
        #expect(wire == foundation, "\(wire) vs \(foundation)")
        #expect(try WireJSON.decode([Decimal].self, from: WireJSON.encode(wire)) == wire)
    }

    @Test("a number a Decimal cannot hold is an error with its path")
    func decimalOutOfRange() {
        #expect(throws: DecodingError.self) { try WireJSON.decode([Decimal].self, from: "[1e300]") }
    }

    class Base: Codable, Equatable {
        var base: Int
        init(base: Int) { self.base = base }
        static func == (lhs: Base, rhs: Base) -> Bool { lhs.base == rhs.base }
    }

    final class Child: Base, @unchecked Sendable {
        var extra: String
        init(base: Int, extra: String) {
            self.extra = extra
            super.init(base: base)
        }
        enum Keys: CodingKey { case extra }
        required init(from decoder: any Decoder) throws {
            extra = try decoder.container(keyedBy: Keys.self).decode(String.self, forKey: .extra)
            try super.init(from: try decoder.container(keyedBy: Keys.self).superDecoder())
        }
        override func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(extra, forKey: .extra)
            try super.encode(to: container.superEncoder())
        }
    }

    /// Writes into a nested container after its parent has moved on: legal Codable, not a forward pass.
    struct OutOfOrder: Encodable {
        enum Keys: CodingKey { case a, b, x, y }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            var nested = container.nestedContainer(keyedBy: Keys.self, forKey: .a)
            try nested.encode(1, forKey: .x)
            try container.encode(3, forKey: .b)
            try nested.encode(2, forKey: .y)
        }
    }

    @Test("a type that reads nothing still gets its input checked; Empty decodes from any valid JSON")
    func emptyChecksSyntax() throws {
        _ = try WireJSON.decode(Empty.self, from: #"{"anything":[1,2,{"x":null}]}"#)
        #expect(throws: DecodingError.self) { try WireJSON.decode(Empty.self, from: #"{"anything":[1,2,}"#) }
        #expect(String(decoding: try WireJSON.encode(Empty()), as: UTF8.self) == "{}")
    }

    @Test("1 MiB of bytes round-trips through base64 in a single pass")
    func largeBase64() throws {
        struct Payload: Codable, Equatable { var data: Base64Bytes }
        let payload = Payload(data: Base64Bytes((0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }))
        #expect(try WireJSON.decode(Payload.self, from: WireJSON.encode(payload)) == payload)
    }
}
