import PlugboardProtocol
import PlugboardTestSupport
import Testing

@Suite("plugboard check: v2 promises and the Go framework's deviations", .serialized)
struct CheckV2Tests {
    static let v2Plugin = TestBinaries.packageRoot + "/Tests/Fixtures/v2-plugin/v2-plugin.py"
    static let goPlugin = TestBinaries.packageRoot + "/Tests/Fixtures/go-style-plugin/go-style-plugin.py"

    static func check(_ plugin: String, _ arguments: [String] = [], environment: [String: String] = [:]) async throws -> (Int32?, CheckReportJSON, String) {
        // Generous deadlines: Python behind pyenv's shims starts slowly on a loaded machine.
        let outcome = try await CLI.run(["check", plugin, "--json", "--timeout", "30"] + arguments, environment: environment)
        let report = try WireJSON.decode(CheckReportJSON.self, from: outcome.stdout)
        return (outcome.status, report, outcome.stdout)
    }

    @Test("a complete v2 plugin in Python passes every step, each feature's included, with an event delivered")
    func complete() async throws {
        let (status, report, stdout) = try await Self.check(Self.v2Plugin)
        #expect(status == 0, "\(stdout)")
        #expect(report.steps("fail").isEmpty && report.steps("warn").isEmpty, "\(stdout)")
        #expect(report.steps.first { $0.step == "unix: events" }?.detail.contains("delivered 1 event") == true, "\(stdout)")
        #expect(report.steps.map(\.step).contains("parent watch"))
    }

    @Test("each broken copy of the v2 plugin fails check at the right step, and only there", arguments: [
        ("no-token", ["unix: token", "tcp: token"]),
        ("ignore-socket-dir", ["unix: socket"]),
        ("socket-0666", ["unix: socket"]),
        ("ignore-parent-watch", ["parent watch"]),
        ("config-in-argv", ["unix: config", "tcp: config"]),
        ("no-methods", ["unix: methods", "tcp: methods"]),
        ("no-events", ["unix: events", "tcp: events"]),
        ("ignore-idle", ["idle timeout"]),
    ])
    func broken(fault: String, failing: [String]) async throws {
        let directory = PluginDirectory()
        let plugin = directory.link(file: Self.v2Plugin, as: "v2-\(fault)")
        let (status, report, stdout) = try await Self.check(plugin, environment: ["V2_PLUGIN_BREAK": fault])
        #expect(status == 1)
        #expect(!report.passed)
        #expect(report.steps("fail") == failing, "\(stdout)")
        await CLI.expectNothingLeft(directory)
    }

    @Test("a plugin that answers POST /shutdown but keeps running fails the shutdown step, which says what it waits in")
    func ignoresShutdown() async throws {
        let directory = PluginDirectory()
        let plugin = directory.link(file: Self.v2Plugin, as: "v2-ignore-shutdown")
        // A shorter deadline than the other cases: the step waits all of it, over each transport.
        let outcome = try await CLI.run(["check", plugin, "--json", "--timeout", "10"], environment: ["V2_PLUGIN_BREAK": "ignore-shutdown"])
        let report = try WireJSON.decode(CheckReportJSON.self, from: outcome.stdout)
        #expect(outcome.status == 1)
        #expect(report.steps("fail") == ["unix: shutdown", "tcp: shutdown"], "\(outcome.stdout)")
        let detail = report.steps.first { $0.step == "unix: shutdown" }?.detail ?? ""
        #expect(detail.contains("POST /shutdown answered 200; still running 10.0 seconds after it (pid "), "\(detail)")
        #expect(detail.contains("threads wait in "), "\(detail)")
        await CLI.expectNothingLeft(directory)
    }

    @Test("a plugin that behaves as the Go SDK was recorded to passes with warnings, and fails with --strict")
    func goFramework() async throws {
        let environment = ["GO_SDK_RECORDED": "1"]
        let directory = PluginDirectory()
        let plugin = directory.link(file: Self.goPlugin, as: "go-sdk-plugin")
        let (status, report, stdout) = try await Self.check(plugin, environment: environment)
        #expect(status == 0, "\(stdout)")
        #expect(report.passed && report.steps("fail").isEmpty, "\(stdout)")
        // The plain-text 404, /shutdown with no answer and exit 1, the socket it leaves, its 0755 socket, exit 1 when idle.
        let warned = report.steps("warn")
        for step in ["unix: unknown endpoint", "tcp: unknown endpoint", "unix: shutdown", "tcp: shutdown", "unix: cleanup", "unix: socket", "idle timeout"] {
            #expect(warned.contains(step), "\(step) did not warn: \(stdout)")
        }
        #expect(report.steps.first { $0.step == "unix: unknown endpoint" }?.detail.contains("404 page not found") == true)
        #expect(report.steps.first { $0.step == "unix: shutdown" }?.detail.contains("the host tolerates") == true)

        let strict = try await CLI.run(["check", plugin, "--strict", "--timeout", "30"], environment: environment)
        #expect(strict.status == 1)
        #expect(strict.stdout.contains("WARN  unix: unknown endpoint"))
        #expect(strict.stdout.contains("failed with --strict"), "\(strict.stdout)")
        await CLI.expectNothingLeft(directory)
    }
}
