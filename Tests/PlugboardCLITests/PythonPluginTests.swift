import PlugboardProtocol
import PlugboardTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("The Python example plugins (on the Python SDK)", .serialized)
struct PythonPluginTests {
    static let examples = TestBinaries.packageRoot + "/Examples/python-plugin"
    static let plugin = examples + "/py-processor"

    @Test("plugboard check passes them on both transports", arguments: ["py-processor", "py-text-tools"])
    func check(example: String) async throws {
        let outcome = try await CLI.run(["check", "\(Self.examples)/\(example)", "--timeout", "30"])
        #expect(outcome.status == 0, "\(outcome.stdout)\n\(outcome.stderr)")
        // However many steps `check` has (each v2 feature the plugin declares adds some), all of them pass, none warns.
        #expect(outcome.stdout.contains(#"\#(example): all "#) && outcome.stdout.contains(" checks passed"), "\(outcome.stdout)")
        #expect(!outcome.stdout.contains("FAIL") && !outcome.stdout.contains("WARN"), "\(outcome.stdout)")
    }

    @Test("plugboard call uses it beside the Swift plugins, with its config")
    func call() async throws {
        let directory = CLI.directory()
        directory.link(file: Self.plugin, as: "py-processor")
        let outcome = try await CLI.run([
            "call", directory.path, "dataProcessor", "/process", "--type", "word-count",
            "--data", #"{"data":"aGVsbG8gd29ybGQ=","format":"text/plain"}"#,
            "--config-data", #"word-count-settings={"transform":"upper"}"#,
        ])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains(#""data":"SEVMTE8gV09STEQ=""#), "\(outcome.stdout)")
        #expect(outcome.stdout.contains(#""words":"2""#), "\(outcome.stdout)")
        await CLI.expectNothingLeft(directory)
    }
}
