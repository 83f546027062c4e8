import Foundation
import PlugboardProtocol
import Testing

/// The wire decoder reads what any local client sends a plugin, so it must never crash and must agree with a
/// reference parser on what is JSON. Mutations of valid documents, from a fixed seed (the same inputs every run).
@Suite("Wire JSON decoder against mutated input")
struct WireJSONFuzzTests {
    /// SplitMix64: a small deterministic generator, so a failure names an input that reproduces.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let seeds: [String] = [
        #"{"data":"aGVsbG8=","format":"text/plain","metadata":{"a":"b","c":"d"}}"#,
        #"[1, -2.5e3, 0, true, false, null, "x\"y\\z", {"k": [[], {}]}]"#,
        #"{"nested":{"deeper":{"deepest":[1,2,{"x":"\u00e9\ud83d\ude00"}]}},"n":-0.0}"#,
        #"  "just a string with spaces"  "#,
        "12345678901234567890",
    ]

    static let alphabet = Array(#"{}[],:"\ \/bfnrtu0123456789-+.eEaltrunsx"#.utf8) + [0x00, 0x0A, 0x1F, 0x7F, 0xC3, 0xA9, 0xFF]

    static func mutate(_ bytes: [UInt8], _ random: inout SeededGenerator) -> [UInt8] {
        var bytes = bytes
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            switch Int.random(in: 0..<4, using: &random) {
            case 0 where !bytes.isEmpty: bytes.remove(at: Int.random(in: 0..<bytes.count, using: &random))
            case 1: bytes.insert(alphabet.randomElement(using: &random)!, at: Int.random(in: 0...bytes.count, using: &random))
            case 2 where !bytes.isEmpty: bytes[Int.random(in: 0..<bytes.count, using: &random)] = alphabet.randomElement(using: &random)!
            default:
                // Truncate, or duplicate a slice (deeper nesting, repeated keys).
                if bytes.count > 2, Bool.random(using: &random) {
                    bytes.removeLast(Int.random(in: 1..<bytes.count, using: &random))
                } else if !bytes.isEmpty {
                    let start = Int.random(in: 0..<bytes.count, using: &random)
                    let end = Int.random(in: start...bytes.count, using: &random)
                    bytes.insert(contentsOf: bytes[start..<end], at: end)
                }
            }
        }
        return bytes
    }

    /// Whether the reference parser takes it as JSON.
    static func isJSON(_ bytes: [UInt8]) -> Bool {
        (try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])) != nil
    }

    /// Inputs the two parsers may disagree on by design: escapes of unpaired surrogates (Foundation repairs some),
    /// numbers with exponents or too many digits for a Double (Foundation turns some into infinity), bytes that are
    /// not ASCII (the wire decoder repairs invalid UTF-8, as Swift's `String(decoding:)` does), and NUL bytes
    /// (Foundation takes them as a sign of UTF-16 or UTF-32; the wire is UTF-8 only).
    static func isGreyArea(_ bytes: [UInt8]) -> Bool {
        if bytes.contains(where: { $0 >= 0x80 || $0 == 0 }) { return true }
        let text = String(decoding: bytes, as: UTF8.self)
        if text.contains("\\u") { return true }
        var digits = 0
        var previous: Character = " "
        for character in text {
            if character.isNumber { digits += 1 }
            if (character == "e" || character == "E"), previous.isNumber || previous == "." { return true }
            previous = character
        }
        return digits > 15
    }

    @Test("20,000 mutated documents: no crash, and the same verdict as Foundation on what is JSON")
    func mutations() throws {
        var random = SeededGenerator(state: 0x5EED)
        var checked = 0
        var disagreements: [String] = []
        for round in 0..<20_000 {
            let seed = Array(Self.seeds[round % Self.seeds.count].utf8)
            let input = Self.mutate(seed, &random)
            // Decoding to a type that reads everything and to one that reads nothing: both check the syntax.
            let asValue = (try? WireJSON.decode(AnyValueTree.self, from: input)) != nil
            let asEmpty = (try? WireJSON.decode(Empty.self, from: input)) != nil
            if asValue && !asEmpty { disagreements.append("value but not Empty: \(String(decoding: input, as: UTF8.self))") }
            guard !Self.isGreyArea(input) else { continue }
            checked += 1
            if asEmpty != Self.isJSON(input) {
                disagreements.append("wire \(asEmpty), Foundation \(!asEmpty): \(String(decoding: input, as: UTF8.self))")
            }
        }
        #expect(checked > 5_000)
        #expect(disagreements.isEmpty, "\(disagreements.prefix(10).joined(separator: "\n"))")
    }

    /// Any JSON value, read through every kind of container.
    indirect enum AnyValueTree: Decodable {
        case null, bool(Bool), number(Double), string(String), array([AnyValueTree]), object([String: AnyValueTree])

        init(from decoder: any Decoder) throws {
            if let object = try? decoder.container(keyedBy: AnyKey.self) {
                var members: [String: AnyValueTree] = [:]
                for key in object.allKeys { members[key.stringValue] = try object.decode(AnyValueTree.self, forKey: key) }
                self = .object(members)
            } else if var array = try? decoder.unkeyedContainer() {
                var items: [AnyValueTree] = []
                while !array.isAtEnd { items.append(try array.decode(AnyValueTree.self)) }
                self = .array(items)
            } else {
                let single = try decoder.singleValueContainer()
                if single.decodeNil() {
                    self = .null
                } else if let bool = try? single.decode(Bool.self) {
                    self = .bool(bool)
                } else if let number = try? single.decode(Double.self) {
                    self = .number(number)
                } else {
                    self = .string(try single.decode(String.self))
                }
            }
        }

        struct AnyKey: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }
    }
}
