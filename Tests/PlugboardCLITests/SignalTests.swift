import PlugboardTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Signals to the plugboard tool")
struct SignalTests {
    /// A fresh `TMPDIR` for the tool, so that its private socket directory and its plugins' files are easy to find.
    static func temporaryDirectory() -> PluginDirectory { PluginDirectory() }

    @Test("30 SIGTERMs at random moments of `plugboard run` start-up leave no process, socket or directory behind")
    func sigtermStorm() async throws {
        let directory = CLI.directory()
        let temporary = Self.temporaryDirectory()
        var signalled: [Int32?] = []
        for round in 0..<30 {
            // Spread over start-up: before the handlers, during discovery and spawning, around the first "ready".
            let delay = Duration.milliseconds(Int.random(in: 0...600))
            let (status, stderr) = try await TestProcess.withLive(
                TestBinaries.path("plugboard"), ["run", directory.path, "--interval", "0.2"], environment: ["TMPDIR": temporary.path]
            ) { live in
                try await Task.sleep(for: delay)
                live.signal(SIGTERM)
            }
            signalled.append(status)
            // Killed by the signal (before the handlers) or stopped by it in order (status 0 for `run`); nothing else.
            #expect(status == nil || status == 0, "round \(round) after \(delay): status \(status.map(String.init) ?? "signal"): \(stderr)")
            let gone = await eventually(timeout: .seconds(3)) { Files.processes(mentioning: directory.path).isEmpty }
            #expect(gone, "round \(round) after \(delay): left running \(Files.processes(mentioning: directory.path))")
            #expect(Files.tree(temporary.path).isEmpty, "round \(round) after \(delay), status \(status.map(String.init) ?? "signal"): left \(Files.tree(temporary.path)); stderr: \(stderr)")
            for pid in Files.processes(mentioning: directory.path) { kill(pid, SIGKILL) }
            Files.removeTree(temporary.path, keepingRoot: true)
        }
        print("sigterm storm: \(signalled.filter { $0 == 0 }.count) of 30 stopped in order, the rest died before any plugin started")
    }

    @Test("SIGINT during `plugboard call` stops the plugin and exits 130, leaving nothing")
    func interruptedCall() async throws {
        let directory = CLI.directory()
        let temporary = Self.temporaryDirectory()
        // A plugin that never prints a location (and stays a shell naming its file): the call waits for its start
        // until the signal comes.
        directory.script("waiter", """
            case "$1" in
              capabilities) echo '{"types":{"dataProcessor":[{"type":"waiter"}]}}' ;;
              *) while :; do sleep 1; done ;;
            esac
            """)
        let (status, stderr) = try await TestProcess.withLive(
            TestBinaries.path("plugboard"), ["call", directory.path, "dataProcessor", "/process", "--type", "waiter", "--data", "{}"],
            environment: ["TMPDIR": temporary.path]
        ) { live in
            let started = await eventually { Files.processes(mentioning: "\(directory.path)/waiter --config").count >= 2 }
            #expect(started)
            live.signal(SIGINT)
        }
        #expect(status == 130, "\(stderr)")
        #expect(stderr.contains("interrupted by SIGINT"), "\(stderr)")
        await CLI.expectNothingLeft(directory)
        #expect(Files.tree(temporary.path).isEmpty, "left \(Files.tree(temporary.path))")
    }
}
