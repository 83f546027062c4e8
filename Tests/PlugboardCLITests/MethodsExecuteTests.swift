import PlugboardTestSupport
import Testing

@Suite("plugboard methods and execute")
struct MethodsExecuteTests {
    static func directory() -> PluginDirectory {
        let directory = CLI.directory(broken: ["garbage"])
        directory.link("text-tools")
        return directory
    }

    @Test("methods lists a plugin's named methods by namespace/name")
    func methods() async throws {
        let directory = Self.directory()
        let table = try await CLI.run(["methods", directory.path, "examples/text-tools"])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("reverse"))
        #expect(table.stdout.contains("count-words      JSON (schema)"), "\(table.stdout)")
        let json = try await CLI.run(["methods", directory.path, "examples/text-tools", "--json"])
        #expect(json.stdout.contains(#""inputSchema":{"additionalProperties":false"#))
        let unknown = try await CLI.run(["methods", directory.path, "nobody"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no plugin of that name is registered"))
        await CLI.expectNothingLeft(directory)
    }

    @Test("execute writes the method's raw output; input from --data-file or stdin")
    func execute() async throws {
        let directory = Self.directory()
        let reversed = try await CLI.run(["execute", directory.path, "examples/text-tools", "reverse", "--data-file", "-"], input: "hello")
        #expect(reversed.status == 0, "\(reversed.stderr)")
        #expect(reversed.stdout == "olleh")
        let file = directory.write("input.json", #"{"text":"a b c d"}"#)
        let counted = try await CLI.run(["execute", directory.path, "examples/text-tools", "count-words", "--data-file", file])
        #expect(counted.stdout.contains(#""words":4"#))
        let refused = try await CLI.run(["execute", directory.path, "examples/text-tools", "count-words", "--data", #"{"txt":1}"#])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains(#"required property "text" is missing"#))
        let missing = try await CLI.run(["execute", directory.path, "examples/text-tools", "explode"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains(#"has no method "explode"; methods: "reverse""#))
        await CLI.expectNothingLeft(directory)
    }
}
