import Plugboard
import PlugboardProtocol
import PlugboardTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("No plugin outlives its host")
struct OrphanTests {
    /// Starts every plugin of `directory` in a `fault-host hold` process, checks they run, `kill -9`s the host, and
    /// returns whether every process that mentions the directory (the launchers and the plugins) is gone afterwards.
    static func killHost(holding directory: PluginDirectory, expecting count: Int, temporary: String = "/tmp", sandboxed: Bool = false) async throws -> Bool {
        var environment = ["TMPDIR": temporary]
        if sandboxed { environment["FAULT_HOST_SANDBOX"] = "standard" }
        let (status, stderr) = try await TestProcess.withLive(
            TestBinaries.path("fault-host"), ["hold", directory.path], environment: environment
        ) { live in
            let line = try await live.nextLine(timeout: .seconds(60))
            guard line == "ready \(count)" else {
                // Started a different number (or said nothing): kill it rather than wait out its day of holding.
                if line != nil { Issue.record("fault-host hold said \(line ?? ""), not ready \(count)") }
                live.signal(SIGKILL)
                return
            }
            // A launcher and a plugin per plugin file (a Python plugin's interpreter names the file too).
            #expect(Files.processes(mentioning: directory.path).count >= 2 * count)
            live.signal(SIGKILL)
        }
        // Killed, after it said it was ready; otherwise it exited with its reason on stderr.
        try #require(status == nil, "fault-host hold did not start its plugins: \(stderr)")
        // Within the launchers' grace (250 ms, then SIGTERM, 250 ms, then SIGKILL); 3 s for a loaded machine.
        return await eventually(timeout: .seconds(3)) { Files.processes(mentioning: directory.path).isEmpty }
    }

    @Test("kill -9 of the host ends a v1 Python plugin (it has no parent watch) and the Swift examples")
    func killedHost() async throws {
        let directory = PluginDirectory()
        directory.link(script: "go-style-plugin")
        directory.link("simple-processor")
        directory.link("transformer")
        let gone = try await Self.killHost(holding: directory, expecting: 3)
        #expect(gone, "left running: \(Files.processes(mentioning: directory.path))")
        for pid in Files.processes(mentioning: directory.path) { kill(pid, SIGKILL) }
    }

    @Test("a v1 plugin that ignores SIGTERM is still killed when its host dies")
    func stubbornOrphan() async throws {
        let directory = PluginDirectory()
        // A v1 plugin in shell: ignores SIGTERM, serves nothing but prints a location and keeps its stdout open.
        directory.script("stubborn", """
            trap '' TERM
            if [ "$1" = capabilities ]; then echo '{"types":{"transformer":[{"type":"stubborn"}]}}'; exit 0; fi
            python3 -c '
            import http.server, sys
            class H(http.server.BaseHTTPRequestHandler):
                def do_GET(self):
                    self.send_response(200); self.send_header("Content-Length", "0"); self.end_headers()
                def log_message(self, *a): pass
            s = http.server.HTTPServer(("127.0.0.1", 0), H)
            print("127.0.0.1:%d" % s.server_port, flush=True)
            s.serve_forever()
            ' "$0"
            """)
        let gone = try await Self.killHost(holding: directory, expecting: 1)
        #expect(gone, "left running: \(Files.processes(mentioning: directory.path))")
        for pid in Files.processes(mentioning: directory.path) { kill(pid, SIGKILL) }
    }

    @Test("the next host removes the socket directory a killed host left, and no live host's")
    func staleSocketDirectory() async throws {
        let directory = PluginDirectory()
        directory.link("simple-processor")
        let temporary = PluginDirectory()
        defer { Files.removeTree(temporary.path) }
        #expect(try await Self.killHost(holding: directory, expecting: 1, temporary: temporary.path))
        let left = Files.list(temporary.path).filter { $0.hasPrefix("pb-") }
        #expect(left.count == 1, "a killed host leaves its private directory: \(Files.tree(temporary.path))")
        // A live host's directory (its lock held) must survive the next host's sweep.
        let (status, _) = try await TestProcess.withLive(
            TestBinaries.path("fault-host"), ["hold", directory.path], environment: ["TMPDIR": temporary.path]
        ) { live in
            let line = try await live.nextLine(timeout: .seconds(60))
            #expect(line == "ready 1")
            let now = Files.list(temporary.path).filter { $0.hasPrefix("pb-") }
            #expect(now.count == 1 && now != left, "the dead host's directory is gone, the new host's is there: \(now)")
            let another = PluginDirectory()
            another.link("simple-processor")
            let anotherGone = try await Self.killHost(holding: another, expecting: 1, temporary: temporary.path)
            #expect(anotherGone)
            let both = Files.list(temporary.path).filter { $0.hasPrefix("pb-") }
            #expect(both.count == 2 && both.contains(now[0]), "a live host's directory is kept: \(both)")
            live.signal(SIGKILL)
        }
        #expect(status == nil)
    }

    @Test("the next sandboxed start removes the sandbox directory a killed host left")
    func staleSandboxDirectory() async throws {
        let directory = PluginDirectory()
        directory.link("simple-processor")
        let temporary = PluginDirectory()
        defer { Files.removeTree(temporary.path) }
        #expect(try await Self.killHost(holding: directory, expecting: 1, temporary: temporary.path, sandboxed: true))
        let left = Files.list(temporary.path).filter { $0.hasPrefix("pb-sbx-") }
        #expect(left.count == 1, "a killed host leaves its plugin's sandbox directory: \(Files.tree(temporary.path))")
        #expect(try await Self.killHost(holding: directory, expecting: 1, temporary: temporary.path, sandboxed: true))
        let now = Files.list(temporary.path).filter { $0.hasPrefix("pb-sbx-") }
        #expect(now.count == 1 && now != left, "the first host's is gone, the second's is left: \(now)")
    }
}
