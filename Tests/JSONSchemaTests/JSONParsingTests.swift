import JSONSchema
import Testing

@Suite("JSON parsing and serialization")
struct JSONParsingTests {
    @Test func parsesAllValueKinds() throws {
        let value = try JSONValue(parsing: ##" {"a": [1, -2.5, 1e2, true, false, null], "b": "x\u00e9\ud83d\ude00\n"} "##)
        #expect(value["a"] == [1, -2.5, 100, true, false, nil])
        #expect(value["b"] == "xé😀\n")
        #expect(value["missing"] == nil)
        #expect(value["a"]?[1] == -2.5)
    }

    @Test func parsesBytes() throws {
        let value = try JSONValue(parsing: Array(##"{"k":[1]}"##.utf8))
        #expect(value == ["k": [1]])
    }

    @Test(arguments: [
        ("{\"a\": 1,\n  \"b\" 2}", 2, 7, "expected ':' after object key, got '2'"),
        ("[1, 2", 1, 6, "expected ',' or ']' in array, got end of input"),
        ("\n\n  tru", 3, 3, "invalid literal, expected 'true'"),
        ("[01]", 1, 3, "expected ',' or ']' in array, got '1'"),
        ("\"abc", 1, 1, "unterminated string"),
        ("{\"a\":1} x", 1, 9, "unexpected 'x' after the JSON value"),
        ("[1.]", 1, 4, "invalid number"),
        ("\"\\x\"", 1, 3, "invalid escape sequence '\\'x''"),
    ])
    func reportsLineAndColumn(input: String, line: Int, column: Int, message: String) {
        #expect {
            try JSONValue(parsing: input)
        } throws: { error in
            guard let error = error as? JSONParseError else { return false }
            return error.line == line && error.column == column && error.message == message
        }
    }

    @Test func rejectsExcessiveNesting() throws {
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: deep) }
        let fine = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        #expect(throws: Never.self) { try JSONValue(parsing: fine) }
    }

    @Test func rejectsInvalidUTF8AndControlCharacters() {
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: [0x22, 0xFF, 0x22]) }
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: "\"a\u{01}b\"") }
    }

    @Test func serializesCompactlyWithEscapes() throws {
        let value: JSONValue = ["text": "quote\" backslash\\ newline\n tab\t \u{01}", "list": [1, 2.5, nil, true], "empty": [:]]
        #expect(value.serialized() == ##"{"text":"quote\" backslash\\ newline\n tab\t \u0001","list":[1,2.5,null,true],"empty":{}}"##)
        #expect(try JSONValue(parsing: value.serialized()) == value)
    }

    @Test func objectsKeepInsertionOrderButCompareUnordered() throws {
        let a = try JSONValue(parsing: ##"{"z": 1, "a": 2}"##)
        let b = try JSONValue(parsing: ##"{"a": 2, "z": 1}"##)
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(a.serialized() == ##"{"z":1,"a":2}"##)
    }

    @Test func stringsCompareByCodePoint() {
        // Canonically equivalent but different code points: distinct JSON strings.
        #expect(JSONValue.string("\u{E9}") != JSONValue.string("e\u{301}"))
        var object = JSONObject()
        object["\u{E9}"] = 1
        object["e\u{301}"] = 2
        #expect(object.count == 2)
    }
}
