import JSONSchema
import PlugboardContracts
import PlugboardProtocol
import Testing

/// Schemas derived from types match what the wire coder reads and writes.
@Suite("Derived JSON Schemas")
struct WireSchemaTests {
    struct Primitives: Codable {
        var text: String
        var flag: Bool
        var count: Int
        var small: UInt8
        var ratio: Double
        var note: String?
        var tags: [String]
        var scores: [String: Int]
        var bytes: Base64Bytes
    }

    enum Colour: String, Codable, CaseIterable { case red, green }
    enum Level: Int, Codable, CaseIterable { case low = 1, high = 2 }

    struct Nested: Codable {
        var colour: Colour
        var level: Level?
        var inner: Primitives
        var list: [Primitives]?
    }

    struct Tree: Codable {
        var name: String
        var children: [Tree]
        var parent: Box?
    }

    struct Box: Codable {
        var trees: [String: Tree]
    }

    struct Builtins: Codable {
        var wide: Int64
        var unsigned: UInt64
        var narrow: Int16
        var unique: Set<String>
        var contiguous: ContiguousArray<Int8>
        var byNumber: [Int: String]
        var optionalList: [String]?
    }

    enum Shape: Codable { case circle(radius: Double), square(side: Double) }

    struct Hex: Codable, WireSchemaProviding {
        var value: String
        static var wireSchema: RawJSON { #"{"type":"string","pattern":"^[0-9a-f]+$"}"# }
        init(value: String) { self.value = value }
        init(from decoder: any Decoder) throws { value = try decoder.singleValueContainer().decode(String.self) }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(value)
        }
    }

    struct UsesHex: Codable { var id: Hex }

    private func schema<T: Decodable>(_ type: T.Type) throws -> JSONSchema {
        try JSONSchema(json: WireSchema.derive(type).bytes)
    }

    private func errors(_ json: String, _ schema: JSONSchema) throws -> [String] {
        try schema.validate(JSONValue(parsing: Array(json.utf8))).errors.map { "\($0.instanceLocation): \($0.message)" }
    }

    @Test("primitives, optionals, arrays, dictionaries and bytes, as recorded")
    func primitives() throws {
        let derived = try WireSchema.derive(Primitives.self).description
        #expect(derived == #"{"properties":{"bytes":{"contentEncoding":"base64","type":["string","null"]},"count":{"type":"integer"},"flag":{"type":"boolean"},"note":{"type":["string","null"]},"ratio":{"type":"number"},"scores":{"additionalProperties":{"type":"integer"},"type":"object"},"small":{"maximum":255,"minimum":0,"type":"integer"},"tags":{"items":{"type":"string"},"type":"array"},"text":{"type":"string"}},"required":["text","flag","count","small","ratio","tags","scores","bytes"],"type":"object"}"#)
    }

    @Test("the standard library's other integers, sets, contiguous arrays and integer-keyed dictionaries")
    func builtins() throws {
        let derived = try WireSchema.derive(Builtins.self).description
        #expect(derived == #"{"properties":{"byNumber":{"type":"object"},"contiguous":{"items":{"maximum":127,"minimum":-128,"type":"integer"},"type":"array"},"narrow":{"maximum":32767,"minimum":-32768,"type":"integer"},"optionalList":{"items":{"type":"string"},"type":["array","null"]},"unique":{"items":{"type":"string"},"type":"array"},"unsigned":{"minimum":0,"type":"integer"},"wide":{"type":"integer"}},"required":["wide","unsigned","narrow","unique","contiguous","byNumber"],"type":"object"}"#)
    }

    @Test("what the encoder writes satisfies the schema; what the decoder refuses breaks it")
    func agreesWithTheCoder() throws {
        let schema = try schema(Nested.self)
        let value = Nested(
            colour: .green, level: .high,
            inner: Primitives(text: "t", flag: true, count: -3, small: 7, ratio: 0.5, note: nil, tags: ["a"], scores: ["x": 1], bytes: Base64Bytes([1, 2])),
            list: []
        )
        let encoded = String(decoding: try WireJSON.encode(value), as: UTF8.self)
        let problems = try errors(encoded, schema)
        #expect(problems == [])
        _ = try WireJSON.decode(Nested.self, from: encoded)

        let broken = [
            (#"{"colour":"blue","inner":{}}"#, "/colour"),
            (#"{"colour":"red","level":3,"inner":{"text":"t","flag":true,"count":1,"small":1,"ratio":1,"tags":[],"scores":{},"bytes":null}}"#, "/level"),
            (#"{"colour":"red","inner":{"text":"t","flag":true,"count":1,"small":300,"ratio":1,"tags":[],"scores":{},"bytes":null}}"#, "/inner/small"),
            (#"{"colour":"red","inner":{"text":"t","flag":true,"count":1,"small":1,"ratio":1,"tags":[],"scores":{"a":"b"},"bytes":null}}"#, "/inner/scores/a"),
        ]
        for (json, path) in broken {
            #expect(throws: (any Error).self) { try WireJSON.decode(Nested.self, from: json) }
            #expect(try errors(json, schema).contains { $0.hasPrefix(path) }, "\(json)")
        }
    }

    @Test("a hand-written init(from:) is followed: keys read with decodeIfPresent are optional")
    func handWrittenDecoder() throws {
        // ProcessRequest reads `format` with decodeIfPresent although the property is not optional.
        let derived = try WireSchema.derive(ProcessRequest.self).description
        #expect(derived == #"{"properties":{"data":{"contentEncoding":"base64","type":["string","null"]},"format":{"type":["string","null"]}},"required":["data"],"type":"object"}"#)
        let schema = try schema(ProcessRequest.self)
        #expect(try errors(#"{"data":"aGk="}"#, schema) == [])
        #expect(try errors(#"{"format":"text/plain"}"#, schema) == [#": required property "data" is missing"#])
    }

    @Test("a type that refers to itself becomes a $ref into $defs")
    func recursive() throws {
        let text = try WireSchema.derive(Tree.self).description
        #expect(text.contains(#""$defs":{"Tree":"#), "\(text)")
        #expect(text.contains(##""$ref":"#/$defs/Tree""##), "\(text)")
        let schema = try schema(Tree.self)
        #expect(try errors(#"{"name":"a","children":[{"name":"b","children":[]}],"parent":{"trees":{"x":{"name":"c","children":[]}}}}"#, schema) == [])
        #expect(try errors(#"{"name":"a","children":[{"name":1,"children":[]}]}"#, schema).contains { $0.hasPrefix("/children/0/name") })
    }

    @Test("a type can give its own schema; one that cannot be derived says why")
    func customAndUnsupported() throws {
        #expect(try WireSchema.derive(UsesHex.self).description == #"{"properties":{"id":{"pattern":"^[0-9a-f]+$","type":"string"}},"required":["id"],"type":"object"}"#)
        #expect {
            try WireSchema.derive(Shape.self)
        } throws: { error in
            "\(error)".contains("cannot derive the JSON Schema of Shape") && "\(error)".contains("WireSchemaProviding")
        }
    }
}
