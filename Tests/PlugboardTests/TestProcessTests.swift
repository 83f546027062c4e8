import PlugboardTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The test kit's process runner, which every integration test reads plugins' output with.
@Suite("TestProcess")
struct TestProcessTests {
    @Test("a line that comes after nextLine timed out is not lost: the next call returns it, and the lines after it")
    func lineAfterTimeout() async throws {
        // Prints its lines only when told (SIGUSR1), so the first wait times out for sure.
        let script = #"trap 'echo first; echo second; exit 0' USR1; echo ready >&2; while :; do sleep 1; done"#
        let (status, _) = try await TestProcess.withLive("/bin/sh", ["-c", script]) { live in
            #expect(await live.waitForStderr(containing: "ready"))
            await #expect(throws: TestProcess.TimedOut.self) { try await live.nextLine(timeout: .milliseconds(50)) }
            live.signal(SIGUSR1)
            let lines = [try await live.nextLine(), try await live.nextLine(), try await live.nextLine()]
            #expect(lines == ["first", "second", nil])
        }
        #expect(status == 0)
    }
}
