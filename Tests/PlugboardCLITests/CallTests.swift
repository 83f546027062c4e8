import PlugboardProtocol
import PlugboardTestSupport
import Testing

@Suite("plugboard call")
struct CallTests {
    @Test("calls the plugin that serves a contract and prints the body, over each transport", arguments: ["unix", "tcp", "auto"])
    func call(transport: String) async throws {
        let directory = CLI.directory(broken: ["garbage", "quitter"])
        let outcome = try await CLI.run([
            "call", directory.path, "dataProcessor", "/process", "--type", "uppercase", "--transport", transport,
            "--data", #"{"data":"aGVsbG8=","format":"text/plain"}"#,
            "--config-data", #"uppercase-settings={"prefix":"> "}"#,
        ])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == #"{"data":"PiBIRUxMTw==","format":"text/plain","metadata":{"processed_by":"simple-processor"}}"# + "\n")
        await CLI.expectNothingLeft(directory)
    }

    @Test("GET endpoints and --data-file work")
    func getAndDataFile() async throws {
        let directory = CLI.directory()
        let formats = try await CLI.run(["call", directory.path, "transformer", "/transformations"])
        #expect(formats.status == 0)
        #expect(formats.stdout.contains(#""name":"replace""#))
        let file = directory.write("request.json", #"{"data":"YWJj","transformation":"reverse"}"#)
        let reversed = try await CLI.run(["call", directory.path, "transformer", "/transform", "--data-file", file])
        #expect(reversed.stdout.contains(#""data":"Y2Jh""#))
    }

    @Test("a plugin error is the plugin's message on stderr and exit 1")
    func pluginError() async throws {
        let directory = CLI.directory()
        let outcome = try await CLI.run(["call", directory.path, "transformer", "/transform", "--data", #"{"data":"eA==","transformation":"explode"}"#])
        #expect(outcome.status == 1)
        #expect(outcome.stdout.isEmpty)
        #expect(outcome.stderr.contains(#"answered 400: unknown transformation "explode""#))
        await CLI.expectNothingLeft(directory)
    }

    @Test("a plugin that crashes during the call is exit 1 with the exit status; nothing is left running")
    func crashDuringCall() async throws {
        let directory = PluginDirectory()
        directory.link("misbehaving-plugin")
        let outcome = try await CLI.run(["call", directory.path, "dataProcessor", "/crash", "--data", "{}"])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("exited (exit status 3) during POST /crash"), "\(outcome.stderr)")
        await CLI.expectNothingLeft(directory)
    }

    @Test("a plugin that exits at once, or never prints a location, is a clear error", arguments: ["quitter", "silent"])
    func startFailures(name: String) async throws {
        let directory = CLI.directory(broken: [name])
        let outcome = try await CLI.run(["call", directory.path, "dataProcessor", "/process", "--type", name == "quitter" ? "quits" : "silent", "--data", "{}", "--timeout", "2"])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains(name == "quitter" ? "fatal: cannot open database" : "did not become ready within"), "\(outcome.stderr)")
        await CLI.expectNothingLeft(directory)
    }

    @Test("two plugins claiming one contract type: the second is skipped, the call still works")
    func duplicateContract() async throws {
        let directory = PluginDirectory()
        directory.link("misbehaving-plugin", as: "echo-a")
        directory.link("misbehaving-plugin", as: "echo-b")
        let outcome = try await CLI.run(["call", directory.path, "dataProcessor", "/process", "--data", #"{"data":"aGk=","format":"x"}"#, "--verbose"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.contains(#""data":"aGk=""#))
        #expect(outcome.stderr.contains(#"contract "dataProcessor" type "echo" is already served by plugin "echo-a""#))
        await CLI.expectNothingLeft(directory)
    }

    @Test("usage errors are exit 2")
    func usage() async throws {
        let outcome = try await CLI.run(["call", "/tmp", "dataProcessor", "process"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("ENDPOINT must start with '/'"))
        #expect(try await CLI.run(["frobnicate"]).status == 2)
    }
}
