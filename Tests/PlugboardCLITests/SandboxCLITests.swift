import PlugboardProtocol
import PlugboardTestSupport
import Testing

@Suite("plugboard --sandbox")
struct SandboxCLITests {
    @Test("call runs the plugin under --sandbox strict with a memory and CPU limit")
    func callStrict() async throws {
        let directory = CLI.directory()
        let outcome = try await CLI.run([
            "call", directory.path, "dataProcessor", "/process", "--type", "uppercase",
            "--sandbox", "strict", "--memory-limit", "256", "--cpu-limit", "30",
            "--data", #"{"data":"aGVsbG8=","format":"text/plain"}"#,
        ])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains(#""data":"SEVMTE8=""#), "\(outcome.stdout)")
        await CLI.expectNothingLeft(directory)
    }

    @Test("list --sandbox shows what each plugin's launcher put in force")
    func list() async throws {
        let directory = CLI.directory()
        let table = try await CLI.run(["list", directory.path, "--sandbox", "standard"])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("SANDBOX"))
        #expect(table.stdout.contains("landlock-fs/"))
        let json = try await CLI.run(["list", directory.path, "--sandbox", "strict", "--json"])
        #expect(json.stdout.contains(#""sandbox":{"applied":["#), "\(json.stdout)")
        let plain = try await CLI.run(["list", directory.path])
        #expect(!plain.stdout.contains("SANDBOX"))
    }

    @Test("check --sandbox runs the plugin sandboxed and says so; a plugin that needs more is told what failed")
    func check() async throws {
        let outcome = try await CLI.run(["check", TestBinaries.path("simple-processor"), "--transport", "unix", "--sandbox", "strict"])
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stdout.contains("PASS  sandbox: ran sandboxed ("), "\(outcome.stdout)")
        let unsandboxed = try await CLI.run(["check", TestBinaries.path("simple-processor"), "--transport", "unix"])
        #expect(!unsandboxed.stdout.contains("sandbox:"))
        // The Python example loads this checkout's SDK from beside it, which a sandbox does not give it unasked.
        let python = TestBinaries.packageRoot + "/Examples/python-plugin/py-processor"
        let refused = try await CLI.run(["check", python, "--transport", "unix", "--sandbox", "standard"])
        #expect(refused.status == 1 && refused.stdout.contains("No module named 'plugboard'"), "\(refused.stdout)")
        let allowed = try await CLI.run(["check", python, "--transport", "unix", "--sandbox", "standard", "--allow-read", TestBinaries.packageRoot + "/sdks/python"])
        #expect(allowed.status == 0, "\(allowed.stdout)\(allowed.stderr)")
    }

    @Test("a sandbox flag with --sandbox none, a bad preset or a missing path is a usage error naming it")
    func badFlags() async throws {
        let directory = CLI.directory()
        let conflicting = try await CLI.run(["call", directory.path, "transformer", "/transformations", "--sandbox", "none", "--memory-limit", "64"])
        #expect(conflicting.status != 0)
        #expect(conflicting.stderr.contains("need a sandbox"), "\(conflicting.stderr)")
        let preset = try await CLI.run(["call", directory.path, "transformer", "/transformations", "--sandbox", "tight"])
        #expect(preset.status != 0)
        #expect(preset.stderr.contains("tight"))
        let missing = try await CLI.run(["call", directory.path, "transformer", "/transformations", "--allow-read", "/no/such/dir"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("/no/such/dir"), "\(missing.stderr)")
    }
}
