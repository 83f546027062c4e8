import JSONSchema
import Testing

@Suite("Draft-07")
struct Draft7Tests {
    private func schema(_ body: String) throws -> JSONSchema {
        try JSONSchema(json: ##"{"$schema": "http://json-schema.org/draft-07/schema#", "## + body.dropFirst())
    }

    @Test("a remote document without $schema is read in the dialect of the schema that references it")
    func remoteTakesReferencingDialect() throws {
        // Draft-07's location-independent identifier `$id: "#foo"`: meaningless in 2020-12.
        let remote: JSONValue = ["definitions": ["refToInteger": ["$ref": "#foo"], "A": ["$id": "#foo", "type": "integer"]]]
        let options = ValidatorOptions(remotes: ["https://example.com/remote.json": remote])
        let schema = try JSONSchema(json: ##"{"$schema": "http://json-schema.org/draft-07/schema#", "$ref": "https://example.com/remote.json#/definitions/refToInteger"}"##, options: options)
        #expect(schema.isValid(1))
        #expect(!schema.isValid("foo"))
        // Referenced from a 2020-12 schema, the same document is read as 2020-12, where `#foo` names nothing.
        #expect(throws: SchemaError.self) {
            try JSONSchema(json: ##"{"$ref": "https://example.com/remote.json#/definitions/refToInteger"}"##, options: options)
        }
    }

    @Test func arrayItemsAndAdditionalItems() throws {
        let schema = try schema(##"{"items": [{"type": "integer"}, {"type": "string"}], "additionalItems": false}"##)
        #expect(schema.isValid([1, "a"]))
        #expect(!schema.isValid([1, "a", true]))
        #expect(schema.validate([1, "a", true]).errors.map(\.keywordLocation) == ["/additionalItems"])
        #expect(schema.validate(["x"]).errors.map(\.keywordLocation) == ["/items/0/type"])
    }

    @Test func dependenciesBothForms() throws {
        let schema = try schema(##"{"dependencies": {"a": ["b"], "c": {"required": ["d"]}}}"##)
        #expect(schema.isValid(["a": 1, "b": 2]))
        #expect(!schema.isValid(["a": 1]))
        #expect(!schema.isValid(["c": 1]))
        #expect(schema.validate(["a": 1]).errors.first?.message == ##"property "b" is required when "a" is present"##)
    }

    @Test func referenceOverridesSiblings() throws {
        let schema = try schema(##"{"definitions": {"n": {"type": "number"}}, "properties": {"x": {"$ref": "#/definitions/n", "maximum": 1}}}"##)
        #expect(schema.isValid(["x": 5]))
        #expect(!schema.isValid(["x": "5"]))
    }

    @Test func idWithFragmentIsAnAnchor() throws {
        let schema = try schema(##"{"definitions": {"a": {"$id": "#foo", "type": "integer"}}, "properties": {"x": {"$ref": "#foo"}}}"##)
        #expect(schema.isValid(["x": 1]))
        #expect(!schema.isValid(["x": "a"]))
    }

    @Test func unevaluatedKeywordsDoNotExist() throws {
        let schema = try schema(##"{"unevaluatedProperties": false, "prefixItems": [false]}"##)
        #expect(schema.isValid(["anything": [1]]))
        #expect(schema.isValid([1]))
    }
}
