import JSONSchema
import Testing

@Suite("Schema compilation")
struct SchemaCompilationTests {
    private func compileError(_ json: String, options: ValidatorOptions = .init()) -> SchemaError? {
        do {
            _ = try JSONSchema(json: json, options: options)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [
        (##"{"type": 5}"##, "/type", ##""type" must be a type name"##),
        (##"{"properties": {"a": {"minimum": "x"}}}"##, "/properties/a/minimum", ##""minimum" must be a number, got string "x""##),
        (##"{"required": "a"}"##, "/required", ##""required" must be an array of strings, got string "a""##),
        (##"{"maxLength": -1}"##, "/maxLength", ##""maxLength" must be a non-negative integer"##),
        (##"{"multipleOf": 0}"##, "/multipleOf", ##""multipleOf" must be greater than 0"##),
        (##"{"pattern": "(unclosed"}"##, "/pattern", "invalid regular expression"),
        (##"{"allOf": []}"##, "/allOf", ##""allOf" must be a non-empty array of schemas"##),
        (##"{"items": 3}"##, "/items", "a schema must be an object or a boolean, got integer 3"),
        (##"{"$ref": "#/$defs/missing"}"##, "/$ref", ##"cannot resolve $ref "#/$defs/missing""##),
        (##"{"$ref": "https://example.com/other.json"}"##, "/$ref", "remote schemas must be registered in ValidatorOptions.remotes"),
        (##"{"$schema": "http://json-schema.org/draft-04/schema#"}"##, "/$schema", "unsupported meta-schema"),
    ])
    func rejectsInvalidSchemas(json: String, location: String, message: String) throws {
        let error = try #require(compileError(json))
        #expect(error.keywordLocation == location)
        #expect(error.message.contains(message), "\(error.message)")
    }

    @Test func rejectsReferenceLoops() throws {
        let selfLoop = try #require(compileError(##"{"$ref": "#"}"##))
        #expect(selfLoop.message.contains("reference loop # -> #"))
        let pair = try #require(compileError(##"{"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}, "$ref": "#/$defs/a"}"##))
        #expect(pair.message.contains("#/$defs/a -> #/$defs/b -> #/$defs/a"), "\(pair.message)")
        // Recursion that consumes the instance is fine.
        #expect(compileError(##"{"properties": {"next": {"$ref": "#"}}}"##) == nil)
    }

    @Test func invalidJSONReportsPosition() throws {
        let error = try #require(compileError("{\n  \"type\": }"))
        #expect(error.message.contains("line 2, column 11"), "\(error.message)")
    }

    @Test func detectsDraftFromSchemaKeyword() throws {
        #expect(try JSONSchema(json: "{}").draft == .draft2020_12)
        #expect(try JSONSchema(json: ##"{"$schema": "http://json-schema.org/draft-07/schema#"}"##).draft == .draft7)
        #expect(try JSONSchema(json: ##"{"$schema": "https://json-schema.org/draft/2020-12/schema"}"##).draft == .draft2020_12)
        #expect(try JSONSchema(json: "{}", options: ValidatorOptions(defaultDraft: .draft7)).draft == .draft7)
    }

    @Test func resolvesRegisteredRemotesOnly() throws {
        let remotes: [String: JSONValue] = ["https://example.com/port.json": ["type": "integer", "maximum": 65535]]
        let schema = try JSONSchema(json: ##"{"$id": "https://example.com/root.json", "$ref": "port.json"}"##, options: ValidatorOptions(remotes: remotes))
        #expect(schema.isValid(80))
        #expect(!schema.isValid(70000))
        #expect(schema.validate(70000).errors.first?.absoluteKeywordLocation == "https://example.com/port.json#/maximum")
    }

    @Test func validatesSchemasAgainstTheEmbeddedMetaschema() throws {
        let metaschema = try JSONSchema(json: ##"{"$ref": "https://json-schema.org/draft/2020-12/schema"}"##)
        #expect(metaschema.isValid(["type": "string", "minLength": 2]))
        #expect(!metaschema.isValid(["type": 5]))
        let draft7 = try JSONSchema(json: ##"{"$ref": "http://json-schema.org/draft-07/schema#"}"##)
        #expect(draft7.isValid(["items": [["type": "string"]], "additionalItems": false]))
        #expect(!draft7.isValid(["minimum": "x"]))
    }

    @Test func dynamicReferencesFollowTheDynamicScope() throws {
        let remotes: [String: JSONValue] = [
            "https://example.com/tree.json": [
                "$id": "https://example.com/tree.json", "$dynamicAnchor": "node", "type": "object",
                "properties": ["data": true, "children": ["type": "array", "items": ["$dynamicRef": "#node"]]],
            ],
        ]
        let strict = try JSONSchema(json: """
            {"$id": "https://example.com/strict.json", "$dynamicAnchor": "node", "$ref": "tree.json", "unevaluatedProperties": false}
            """, options: ValidatorOptions(remotes: remotes))
        #expect(strict.isValid(["children": [["data": 1]]]))
        #expect(!strict.isValid(["children": [["daat": 1]]]))
    }
}
