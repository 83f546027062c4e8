import Plugboard
import PlugboardTestSupport
import Testing

/// Real plugin processes that fail under 8 concurrent callers, over real sockets, through the public API.
///
/// Each run happens in `fault-host` (Tests/Fixtures/fault-host), a host process of its own, so that what the host
/// leaves open or running can be compared exactly with what it had before it started any plugin: this test process
/// runs other suites at the same time. Each test checks the run's ``FaultReport``, which every failure message
/// quotes, and attaches its summary (`swift test --attachments-path DIR` keeps it).
@Suite("Fault injection: real plugins that crash, or close idle connections, under concurrent calls")
struct FaultInjectionTests {
    /// How a call may end when its plugin crashes under it, besides succeeding. Never `timeout`: a call in flight
    /// when the plugin dies must fail with `crashed` at once, not wait for its deadline.
    static let crashOutcomes = Set([PluginError.Code.crashed, .exitedDuringStartup, .connection, .spawnFailed, .startupTimeout].map(\.description))

    @Test("a plugin that crashes at random: every call ends with its echo or a crash error, never a timeout, and nothing is left behind", arguments: [TransportPreference.unix, .tcp])
    func randomCrashes(transport: TransportPreference) async throws {
        let report = try await FaultScenario.randomCrashes.run(transport: transport.rawValue)
        Attachment.record(report.description, named: "random-crashes-\(transport.rawValue).txt")
        let calls = report.calls
        let timeout = PluginError.Code.timeout.description
        #expect(calls[timeout] == 0, "\(calls[timeout]) calls waited for their deadline instead of failing when the plugin died: \(report)")
        let unexplained = calls.failures(outside: Self.crashOutcomes.union([timeout]))
        #expect(unexplained.isEmpty && calls.otherErrors == 0, "calls ended with \(unexplained), which a crash does not explain, or with errors that are no PluginError: \(report)")
        #expect(calls.wrongAnswers == 0, "calls were answered with something else than their echo: \(report)")
        #expect(calls.succeeded > 0, "no call succeeded: \(report)")
        #expect(calls[PluginError.Code.crashed.description] > 0, "no call failed with crashed, though one call in ten kills the plugin under it: \(report)")
        expectNothingLeft(report)
    }

    @Test("a healthy plugin that closes idle keep-alive connections: every call succeeds, and nothing is left behind", arguments: [TransportPreference.unix, .tcp])
    func idleConnectionsClosed(transport: TransportPreference) async throws {
        let report = try await FaultScenario.idleConnectionsClosed.run(transport: transport.rawValue)
        Attachment.record(report.description, named: "idle-connections-closed-\(transport.rawValue).txt")
        #expect(report.calls.succeeded == report.callLimit, "not every call succeeded: \(report)")
        #expect(report.pluginStats?["closedIdle", default: 0] ?? 0 > 0, "the plugin closed no idle connection, so no call can have met one: \(report)")
        expectNothingLeft(report)
    }

    /// Expects that once its manager had shut down, the host held no descriptor and no child process (live or
    /// zombie) it did not hold before, and no socket, lock or other file was left.
    func expectNothingLeft(_ report: FaultReport) {
        #expect(report.leftOpen.isEmpty, "descriptors left open after the shutdown: \(report.leftOpen)")
        #expect(report.leftRunning.isEmpty, "child processes left after the shutdown: \(report.leftRunning)")
        #expect(report.leftFiles.isEmpty, "files left after the shutdown: \(report.leftFiles)")
    }
}
