import JSONSchema
import Testing

@Suite("Validation errors")
struct ValidationErrorTests {
    static let configSchema = """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "https://plugboard.example/config.json",
          "type": "object",
          "required": ["name", "server"],
          "additionalProperties": false,
          "properties": {
            "name": {"type": "string", "minLength": 1},
            "server": {
              "type": "object",
              "required": ["port"],
              "properties": {
                "host": {"type": "string", "format": "hostname"},
                "port": {"$ref": "#/$defs/port"}
              }
            },
            "plugins": {
              "type": "array",
              "uniqueItems": true,
              "items": {
                "type": "object",
                "required": ["name"],
                "properties": {"name": {"type": "string", "pattern": "^[a-z][a-z0-9-]*$"}, "retries": {"type": "integer", "maximum": 3}}
              }
            }
          },
          "$defs": {"port": {"type": "integer", "minimum": 1, "maximum": 65535}}
        }
        """

    @Test func validConfigHasNoErrors() throws {
        let schema = try JSONSchema(json: Self.configSchema)
        let config: JSONValue = ["name": "edge", "server": ["host": "localhost", "port": 8080], "plugins": [["name": "auth", "retries": 2]]]
        #expect(schema.isValid(config))
        #expect(schema.validate(config).errors.isEmpty)
    }

    @Test func collectsEveryErrorWithLocations() throws {
        let schema = try JSONSchema(json: Self.configSchema)
        let config = try JSONValue(parsing: """
            {"server": {"port": 70000.0}, "plugins": [{"name": "Auth", "retries": 5}, {"retries": "abc"}], "extra": 1}
            """)
        #expect(!schema.isValid(config))
        let errors = schema.validate(config).errors
        let summary = errors.map { "\($0.instanceLocation) \($0.keywordLocation): \($0.message)" }
        #expect(summary == [
            ##" /required: required property "name" is missing"##,
            "/server/port /properties/server/properties/port/$ref/maximum: value 70000 is greater than maximum 65535",
            ##"/plugins/0/name /properties/plugins/items/properties/name/pattern: string "Auth" does not match the pattern "^[a-z][a-z0-9-]*$""##,
            "/plugins/0/retries /properties/plugins/items/properties/retries/maximum: value 5 is greater than maximum 3",
            ##"/plugins/1 /properties/plugins/items/required: required property "name" is missing"##,
            ##"/plugins/1/retries /properties/plugins/items/properties/retries/type: expected integer, got string "abc""##,
            ##"/extra /additionalProperties: additional property "extra" is not allowed"##,
        ])
        let portError = try #require(errors.first { $0.instanceLocation == "/server/port" })
        #expect(portError.absoluteKeywordLocation == "https://plugboard.example/config.json#/$defs/port/maximum")
        #expect(portError.description == "/server/port: value 70000 is greater than maximum 65535 (at /properties/server/properties/port/$ref/maximum)")
    }

    @Test func combinatorMessages() throws {
        let schema = try JSONSchema(json: ##"{"oneOf": [{"type": "integer"}, {"minimum": 0}], "not": {"const": 7}}"##)
        #expect(schema.validate(5).errors.map(\.message) == [
            ##"value matches more than one schema in "oneOf" (at least indices 0 and 1), but must match exactly one"##,
        ])
        #expect(schema.validate(7).errors.map(\.keywordLocation) == ["/oneOf", "/not"])
        #expect(schema.validate(-1.5).errors.map(\.message) == [##"value does not match any of the 2 schemas in "oneOf""##])
    }

    @Test func unevaluatedPropertiesSeeThroughReferences() throws {
        let schema = try JSONSchema(json: """
            {"$defs": {"base": {"properties": {"id": {"type": "integer"}}}},
             "allOf": [{"$ref": "#/$defs/base"}], "properties": {"name": {"type": "string"}}, "unevaluatedProperties": false}
            """)
        #expect(schema.isValid(["id": 1, "name": "a"]))
        let errors = schema.validate(["id": 1, "nmae": "a"]).errors
        #expect(errors.map(\.instanceLocation) == ["/nmae"])
        #expect(errors.first?.message == ##"property "nmae" is not allowed (no other keyword evaluates it)"##)
    }

    @Test func uniqueItemsUsesJSONEquality() throws {
        let schema = try JSONSchema(json: ##"{"uniqueItems": true}"##)
        #expect(!schema.isValid([1, 1.0]))
        #expect(!schema.isValid([["a": 1, "b": 2], ["b": 2, "a": 1]]))
        #expect(schema.isValid([1, true, "1", [1], ["1": 1]]))
        #expect(schema.isValid([0, false]))
        #expect(schema.validate([1, 2, 1.0]).errors.first?.message == ##"items 0 and 2 are equal, but "uniqueItems" requires all items to be unique"##)
    }

    @Test func integerTypeAcceptsIntegralDecimalsAndBigIntegers() throws {
        let schema = try JSONSchema(json: ##"{"type": "integer"}"##)
        #expect(schema.isValid(try JSONValue(parsing: "1.0")))
        #expect(schema.isValid(try JSONValue(parsing: "123456789012345678901234567890")))
        #expect(!schema.isValid(1.5))
    }

    @Test func lengthCountsCodePoints() throws {
        let schema = try JSONSchema(json: ##"{"maxLength": 2, "minLength": 2}"##)
        #expect(schema.isValid("😀😀"))
        #expect(!schema.isValid("e\u{301}e"))  // three code points
    }

    @Test func formatIsAnAnnotationUnlessAsserted() throws {
        let json = ##"{"format": "date-time"}"##
        #expect(try JSONSchema(json: json).isValid("yesterday"))
        let asserting = try JSONSchema(json: json, options: ValidatorOptions(formatAssertion: true))
        #expect(!asserting.isValid("yesterday"))
        #expect(asserting.isValid("2024-02-29T12:00:00Z"))
        #expect(asserting.validate("2023-02-29").errors.first?.message == ##"string "2023-02-29" is not a valid date-time"##)
    }

    @Test func deepRecursiveInstancesValidate() throws {
        let schema = try JSONSchema(json: ##"{"type": "array", "items": {"$ref": "#"}}"##)
        var value: JSONValue = []
        for _ in 0..<400 { value = [value] }
        #expect(schema.isValid(value))
        #expect(schema.validate(value).isValid)
    }

    @Test func compiledSchemaIsSendable() async throws {
        let schema = try JSONSchema(json: ##"{"type": "string"}"##)
        let results = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<8 { group.addTask { schema.isValid(index.isMultiple(of: 2) ? "a" : 1) } }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.filter { $0 }.count == 4)
    }
}
