import PlugboardTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("plugboard validate")
struct ValidateTests {
    static let schema = #"{"type":"object","required":["name"],"properties":{"name":{"type":"string"},"port":{"type":"integer","maximum":65535},"tags":{"type":"array","items":{"$ref":"https://example.com/schemas/tag.json"}}},"additionalProperties":false}"#

    @Test("instance files: valid, invalid with every error, exit 1; remote refs from a folder")
    func files() async throws {
        let directory = PluginDirectory()
        let schema = directory.write("schema.json", Self.schema)
        mkdir("\(directory.path)/remote", 0o755)
        directory.write("remote/tag.json", #"{"type":"string","minLength":2}"#)
        let bad = directory.write("bad.json", #"{"name":"x","port":70000,"tags":["a"],"extra":1}"#)
        let good = directory.write("good.json", #"{"name":"ok","tags":["ab"]}"#)
        let outcome = try await CLI.run(["validate", "--schema", schema, bad, good, "--remote", "https://example.com/schemas/=\(directory.path)/remote"])
        #expect(outcome.status == 1, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("\(bad): invalid\n"))
        #expect(outcome.stdout.contains("  /port: value 70000 is greater than maximum 65535"))
        #expect(outcome.stdout.contains("  /tags/0: "))
        #expect(outcome.stdout.contains(#"  /extra: additional property "extra" is not allowed"#))
        #expect(outcome.stdout.contains("\(good): valid"))
        let allGood = try await CLI.run(["validate", "--schema", schema, good, "--remote", "https://example.com/schemas/=\(directory.path)/remote"])
        #expect(allGood.status == 0)
        unlink("\(directory.path)/remote/tag.json")
        rmdir("\(directory.path)/remote")
    }

    @Test("--ndjson: one line per instance")
    func ndjson() async throws {
        let directory = PluginDirectory()
        let schema = directory.write("schema.json", #"{"type":"object","required":["name"]}"#)
        let outcome = try await CLI.run(["validate", "--schema", schema, "--ndjson"], input: "{\"name\":1}\n{\"port\":1}\nnot json\n")
        #expect(outcome.status == 1)
        #expect(outcome.stdout == "valid\ninvalid: /: required property \"name\" is missing\ninvalid: line 3 is not JSON: JSON parse error at line 1, column 1 (offset 0): invalid literal, expected 'null'\n")
    }

    @Test("--ndjson: a property name with CR or LF in a message still gives one line per instance; --json too")
    func ndjsonEscapes() async throws {
        let directory = PluginDirectory()
        let schema = directory.write("schema.json", #"{"propertyNames":{"maxLength":1}}"#)
        let input = #"{"a\nb":1}"# + "\n" + #"{"c\rd":2}"# + "\n" + #"{"e":1}"# + "\n"
        let outcome = try await CLI.run(["validate", "--schema", schema, "--ndjson"], input: input)
        #expect(outcome.status == 1)
        #expect(outcome.stdout == #"""
            invalid: /a\nb: property name "a\nb" does not match the "propertyNames" schema
            invalid: /c\rd: property name "c\rd" does not match the "propertyNames" schema
            valid

            """#)
        let json = try await CLI.run(["validate", "--schema", schema, "--ndjson", "--json"], input: input)
        let lines = json.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines.first?.hasPrefix(#"{"instance":1,"valid":false,"errors":[{"instanceLocation":"/a\nb""#) == true, "\(json.stdout)")
        #expect(lines.last == #"{"instance":3,"valid":true,"errors":[]}"#)
    }

    @Test("--json on one instance file: one JSON object")
    func jsonFile() async throws {
        let directory = PluginDirectory()
        let schema = directory.write("schema.json", #"{"type":"object","required":["name"]}"#)
        let instance = directory.write("i.json", "{}")
        let outcome = try await CLI.run(["validate", "--schema", schema, instance, "--json"])
        #expect(outcome.status == 1)
        #expect(outcome.stdout == #"{"instance":"\#(instance)","valid":false,"errors":[{"instanceLocation":"","keywordLocation":"/required","message":"required property \"name\" is missing"}]}"# + "\n")
    }

    @Test("--remote: a referenced document without $schema is read as draft-07 when a draft-07 schema refers to it")
    func remoteDialect() async throws {
        let directory = PluginDirectory()
        mkdir("\(directory.path)/remote", 0o755)
        directory.write("remote/ids.json", ##"{"definitions":{"refToInteger":{"$ref":"#foo"},"A":{"$id":"#foo","type":"integer"}}}"##)
        let schema = directory.write("schema.json", ##"{"$schema":"http://json-schema.org/draft-07/schema#","$ref":"https://example.com/s/ids.json#/definitions/refToInteger"}"##)
        let outcome = try await CLI.run(["validate", "--schema", schema, "--ndjson", "--remote", "https://example.com/s/=\(directory.path)/remote"], input: "1\n\"foo\"\n")
        #expect(outcome.status == 1, "\(outcome.stderr)")
        #expect(outcome.stdout.hasPrefix("valid\ninvalid: /: "), "\(outcome.stdout)")
        // The same schema without $schema, read as draft-07 because --draft says so.
        let bare = directory.write("bare.json", ##"{"$ref":"https://example.com/s/ids.json#/definitions/refToInteger"}"##)
        let asDraft7 = try await CLI.run(["validate", "--schema", bare, "--draft", "draft-07", "--ndjson", "--remote", "https://example.com/s/=\(directory.path)/remote"], input: "1\n")
        #expect(asDraft7.status == 0 && asDraft7.stdout == "valid\n", "\(asDraft7.stdout)\(asDraft7.stderr)")
        let as2020 = try await CLI.run(["validate", "--schema", bare, "--ndjson", "--remote", "https://example.com/s/=\(directory.path)/remote"], input: "1\n")
        #expect(as2020.status == 2, "\(as2020.stdout)")
        unlink("\(directory.path)/remote/ids.json")
        rmdir("\(directory.path)/remote")
    }

    @Test("a bad schema or a usage error is exit 2")
    func errors() async throws {
        let directory = PluginDirectory()
        let schema = directory.write("schema.json", #"{"type":5}"#)
        let instance = directory.write("i.json", "{}")
        let bad = try await CLI.run(["validate", "--schema", schema, instance])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("invalid schema at /type"))
        #expect(try await CLI.run(["validate", "--schema", schema]).status == 2)
    }
}
