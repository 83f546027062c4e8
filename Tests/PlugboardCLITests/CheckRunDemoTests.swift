import PlugboardProtocol
import PlugboardTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("plugboard check, run, demo and the example host")
struct CheckRunDemoTests {

    @Test("check passes a conforming plugin on both transports", arguments: ["simple-processor", "transformer", "misbehaving-plugin"])
    func checkPasses(plugin: String) async throws {
        let outcome = try await CLI.run(["check", TestBinaries.path(plugin), "--json"])
        #expect(outcome.status == 0, "\(outcome.stdout)\n\(outcome.stderr)")
        let report = try WireJSON.decode(CheckReportJSON.self, from: outcome.stdout)
        #expect(report.passed && report.warnings == 0)
        let names = report.steps.map(\.step)
        for step in ["capabilities", "schemas", "unix: start", "unix: healthz", "unix: token", "unix: socket", "unix: config", "unix: unknown endpoint",
                     "unix: methods", "unix: events", "unix: shutdown", "unix: cleanup", "tcp: start", "tcp: token", "tcp: cleanup", "idle timeout", "parent watch"] {
            #expect(names.contains(step), "missing step \(step)")
        }
    }

    @Test("check fails a broken plugin with the reason, exit 1", arguments: [
        ("garbage", "capabilities", "not a capabilities document"),
        ("quitter", "unix: start", "fatal: cannot open database"),
    ])
    func checkFails(name: String, step: String, reason: String) async throws {
        let directory = CLI.directory(broken: [name])
        let outcome = try await CLI.run(["check", "\(directory.path)/\(name)", "--timeout", "3"])
        #expect(outcome.status == 1)
        // The failing step's line, and the reason (which may run over several lines).
        let failure = outcome.stdout.split(separator: "FAIL  \(step):", maxSplits: 1, omittingEmptySubsequences: false).dropFirst().first
        #expect(failure?.prefix(400).contains(reason) == true, "\(outcome.stdout)")
        await CLI.expectNothingLeft(directory)
    }

    @Test("check warns about a v1 plugin that leaves its socket behind (the host removes it); --strict fails it")
    func checkLeftovers() async throws {
        // Exits 0 on /shutdown without removing its socket and lock file (a v1-style plugin bug).
        let directory = PluginDirectory()
        directory.write("sloppy", SloppyPlugin.source, mode: 0o755)
        let outcome = try await CLI.run(["check", "\(directory.path)/sloppy", "--transport", "unix", "--timeout", "10"])
        #expect(outcome.status == 0, "\(outcome.stdout)\n\(outcome.stderr)")
        #expect(outcome.stdout.contains("PASS  unix: shutdown"))
        #expect(outcome.stdout.contains("WARN  unix: cleanup: left behind:"), "\(outcome.stdout)")
        let strict = try await CLI.run(["check", "\(directory.path)/sloppy", "--transport", "unix", "--timeout", "10", "--strict"])
        #expect(strict.status == 1, "\(strict.stdout)")
        #expect(strict.stdout.contains("failed with --strict"))
        await CLI.expectNothingLeft(directory)
    }

    @Test("run starts every plugin, shows their state, and stops cleanly on SIGINT")
    func run() async throws {
        let directory = CLI.directory(broken: ["garbage"])
        let (status, _) = try await TestProcess.withLive(TestBinaries.path("plugboard"), ["run", directory.path, "--interval", "0.2"]) { live in
            var ready: Set<String> = []
            var sawSkip = false
            while ready.count < 2, let line = try await live.nextLine() {
                if line.hasPrefix("skipped:") && line.contains("garbage") { sawSkip = true }
                for name in ["simple-processor", "transformer"] where line.hasPrefix("\(name): ready pid=") && line.contains("transport=unix") {
                    ready.insert(name)
                }
            }
            #expect(sawSkip)
            #expect(ready == ["simple-processor", "transformer"])
            live.signal(SIGINT)
            var sawStopped = false
            while !sawStopped, let line = try await live.nextLine() { sawStopped = line.contains("stopped; nothing left running") }
            #expect(sawStopped)
        }
        #expect(status == 0)
        await CLI.expectNothingLeft(directory)
    }

    @Test("run --idle-timeout 1 shows the plugin idle-stop: its own probes do not keep it busy")
    func runIdle() async throws {
        let directory = PluginDirectory()
        directory.link("simple-processor")
        let (status, _) = try await TestProcess.withLive(TestBinaries.path("plugboard"), ["run", directory.path, "--idle-timeout", "1"]) { live in
            var states: [String] = []
            while !states.contains("idleStopped"), let line = try await live.nextLine(timeout: .seconds(60)) {
                if line.hasPrefix("simple-processor: ") { states.append(String(line.dropFirst(18).prefix { $0 != " " })) }
            }
            #expect(states.first == "ready" && states.contains("idleStopped"), "\(states)")
            live.signal(SIGINT)
            while let _ = try await live.nextLine() {}
        }
        #expect(status == 0)
        await CLI.expectNothingLeft(directory)
    }

    @Test("demo narrates discovery, both transports, an internal plugin, idle stop and shutdown")
    func demo() async throws {
        let outcome = try await CLI.run(["demo"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        for expected in ["1. Discovery", "simple-processor: ready, pid", "» HELLO FROM THE HOST", "[plugboard]", "internal-reverse", "http://127.0.0.1:", "it exited (exit status 0); state: idleStopped", "RESTARTED ON DEMAND", "no plugin process, socket or lock file is left"] {
            #expect(outcome.stdout.contains(expected), "missing \(expected) in:\n\(outcome.stdout)")
        }
    }

    @Test("the example host runs against the example plugins")
    func exampleHost() async throws {
        let directory = CLI.directory()
        let outcome = try await TestProcess.run(TestBinaries.path("example-host"), [directory.path], timeout: .seconds(120))
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains(#""hello world" → ">> HELLO WORLD""#))
        #expect(outcome.stdout.contains(#""hello world" → "dlrow olleh""#))
        #expect(outcome.stdout.contains("✓ done"))
        await CLI.expectNothingLeft(directory)
    }
}
