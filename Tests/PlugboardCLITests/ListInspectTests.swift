import PlugboardProtocol
import PlugboardTestSupport
import Testing

@Suite("plugboard list and inspect")
struct ListInspectTests {
    struct Row: Decodable {
        var id: String
        var path: String
        var types: [String: [String]]
        var error: String?
    }

    @Test("list shows good plugins and broken ones as rows with errors, exit 0")
    func list() async throws {
        let directory = CLI.directory(broken: ["garbage", "hangs"])
        let table = try await CLI.run(["list", directory.path, "--timeout", "3"])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("simple-processor  dataProcessor: uppercase"))
        #expect(table.stdout.contains("error: 'capabilities' output is not a capabilities document"))
        #expect(table.stdout.contains("error: 'capabilities' did not finish within"))

        let json = try await CLI.run(["list", directory.path, "--json", "--timeout", "3"])
        #expect(json.status == 0)
        let rows = try WireJSON.decode([Row].self, from: json.stdout)
        #expect(rows.map(\.id) == ["garbage", "hangs", "simple-processor", "transformer"])
        #expect(rows[2].types == ["dataProcessor": ["uppercase"]] && rows[2].error == nil)
        #expect(rows[2].path == "\(directory.path)/simple-processor")
        #expect(rows[0].error?.contains("hello, I am not JSON") == true)
        #expect(json.stdout.contains(#""error":null"#))
        await CLI.expectNothingLeft(directory)
    }

    @Test("list --filter keeps names with the prefix")
    func filter() async throws {
        let directory = CLI.directory()
        let json = try await CLI.run(["list", directory.path, "--json", "--filter", "trans"])
        #expect(try WireJSON.decode([Row].self, from: json.stdout).map(\.id) == ["transformer"])
    }

    @Test("an unusable directory is exit 1 with a clear message")
    func badDirectory() async throws {
        let outcome = try await CLI.run(["list", "/nonexistent/plugins"])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("/nonexistent/plugins: No such file or directory"))
    }

    @Test("inspect prints the capabilities in full, schemas included")
    func inspect() async throws {
        let plugin = TestBinaries.path("simple-processor")
        let text = try await CLI.run(["inspect", plugin])
        #expect(text.status == 0)
        #expect(text.stdout.contains("dataProcessor / uppercase"))
        #expect(text.stdout.contains(#""maxLength":32"#))
        let json = try await CLI.run(["inspect", plugin, "--json"])
        #expect(json.status == 0)
        #expect(json.stdout.contains(#""configTypes":[{"type":"uppercase-settings","jsonSchema":{"additionalProperties":false"#))
        #expect(json.stdout.contains(#""protocol":{"version":2,"features":["#))
    }

    @Test("inspect of a broken plugin is exit 1 naming the file and the cause")
    func inspectBroken() async throws {
        let directory = CLI.directory(broken: ["garbage"])
        let outcome = try await CLI.run(["inspect", "\(directory.path)/garbage"])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("\(directory.path)/garbage"))
        #expect(outcome.stderr.contains("not a capabilities document"))
    }
}
