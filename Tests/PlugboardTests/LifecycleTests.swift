import Plugboard
import PlugboardContracts
import PlugboardProtocol
import PlugboardTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("External plugin lifecycle, real processes")
struct LifecycleTests {
    @Test("discover, start, call, shut down, leave nothing behind", arguments: [TransportPreference.unix, .tcp])
    func fullLifecycle(transport: TransportPreference) async throws {
        let directory = PluginDirectory()
        directory.link("simple-processor")
        directory.link("transformer")
        directory.write("README.md", "not a plugin")
        directory.script(".hidden", "exit 1")
        var pids: [Int32] = []
        var sockets: [String] = []
        try await TestHost.withManager { manager in
            var options = TestHost.options(transport)
            options.configData = [try ConfigData(type: "uppercase-settings", value: ["prefix": "> "])]
            let report = try await manager.registerPlugins(in: directory.path, options: options)
            #expect(report.failures.isEmpty, "\(report.failures)")
            #expect(report.registered.map(\.name) == ["simple-processor", "transformer"])
            for plugin in report.registered {
                #expect(plugin.status.state == .ready)
                let location = try #require(plugin.status.location)
                #expect(location.hasPrefix(transport == .tcp ? "http://127.0.0.1:" : "http+unix:///"))
                pids.append(try #require(plugin.status.pid))
                if let socket = TestHost.socketPath(plugin.status) { sockets.append(socket) }
            }

            let processor = try await manager.plugin(DataProcessorContract.self)
            let response = try await processor.process(ProcessRequest(data: "hello", format: "text/plain"))
            #expect(response.data.string == "> HELLO")
            #expect(response.metadata?["processed_by"] == "simple-processor")
            #expect(try await processor.formats().contains("text/plain"))

            let transformer = try await manager.plugin(TransformerContract.self)
            #expect(try await transformer.transformations().count >= 3)
            let reversed = try await transformer.transform(TransformRequest(data: "abc", transformation: "reverse"))
            #expect(reversed.data.string == "cba")
            #expect(try await manager.handle(named: "transformer").ping() > .zero)
        }
        #expect(pids.count == 2)
        for pid in pids { #expect(!Files.isAlive(pid), "plugin \(pid) still running after shutdown") }
        for socket in sockets {
            #expect(!Files.exists(socket) && !Files.exists(socket + ".lock"), "\(socket) left behind")
            let socketDirectory = String(socket[..<socket.lastIndex(of: "/")!])
            #expect(!Files.exists(socketDirectory), "socket directory \(socketDirectory) left behind")
        }
    }

    @Test("an idle plugin stops itself and starts again on the next call", arguments: [TransportPreference.unix, .tcp])
    func idleTimeout(transport: TransportPreference) async throws {
        let directory = PluginDirectory()
        directory.link("simple-processor")
        try await TestHost.withManager { manager in
            // Long enough that a loaded machine still gets from start to ready inside it.
            try await manager.registerPlugins(in: directory.path, options: TestHost.options(transport, idleTimeout: .seconds(1)))
            let handle = try await manager.handle(named: "simple-processor")
            let firstPid = try #require(handle.status.pid)
            let exit = try #require(await handle.waitForExit(within: .seconds(30)), "the plugin did not stop after its idle timeout")
            #expect(exit.isSuccess)
            #expect(handle.status.state == .idleStopped)
            #expect(handle.status.leftBehind.isEmpty, "the plugin left \(handle.status.leftBehind)")
            #expect(!Files.isAlive(firstPid))

            let processor = try await manager.plugin(DataProcessorContract.self)
            #expect(try await processor.process(ProcessRequest(data: "again")).data.string == "AGAIN")
            #expect(handle.status.state == .ready)
            #expect(handle.status.pid != firstPid)
        }
    }

    @Test("a request in flight keeps an idle timeout from firing")
    func inFlightIsNotIdle() async throws {
        let directory = PluginDirectory()
        directory.link("misbehaving-plugin")
        try await TestHost.withManager { manager in
            try await manager.registerPlugins(in: directory.path, options: TestHost.options(idleTimeout: .seconds(1), lazy: true))
            let handle = try await manager.handle(named: "misbehaving-plugin")
            // The request outlasts the idle timeout several times over. The plugin itself says whether it had been
            // told to stop by the end of it: an idle timer that ignored the request would have fired by then.
            let response = try await handle.send(.post, "/slow", body: Array(#"{"milliseconds":3000}"#.utf8))
            #expect(response.status == 200)
            #expect(String(decoding: response.body, as: UTF8.self) == #"{"milliseconds":3000,"stopping":false}"#)
            #expect(handle.status.restarts == 0)
        }
    }

    @Test("a path that cannot go in a request line is refused before sending; the plugin keeps serving")
    func invalidPath() async throws {
        let directory = PluginDirectory()
        directory.link("simple-processor")
        try await TestHost.withManager { manager in
            try await manager.registerPlugins(in: directory.path, options: TestHost.options(.unix))
            let handle = try await manager.handle(named: "simple-processor")
            for bad in ["/a b", "/x\r\nx-injected: 1", ""] {
                await #expect {
                    _ = try await handle.send(.get, bad)
                } throws: { error in
                    (error as? PluginError)?.code == .invalidRequest && "\(error)".contains("percent-encode")
                }
            }
            #expect(try await handle.send(.get, "/healthz").status == 200)
        }
    }

    @Test("POST /shutdown stops the plugin cleanly")
    func shutdownEndpoint() async throws {
        let directory = PluginDirectory()
        directory.link("simple-processor")
        try await TestHost.withManager { manager in
            try await manager.registerPlugins(in: directory.path, options: TestHost.options(.unix))
            let handle = try await manager.handle(named: "simple-processor")
            let socket = try #require(TestHost.socketPath(handle.status))
            #expect(Files.exists(socket) && Files.exists(socket + ".lock"))
            let response = try await handle.send(.post, "/shutdown")
            #expect(response.status == 200)
            let exit = try #require(await handle.waitForExit(within: .seconds(30)))
            #expect(exit.isSuccess)
            #expect(handle.status.leftBehind.isEmpty)
            #expect(!Files.exists(socket) && !Files.exists(socket + ".lock"))
        }
    }

    @Test("SIGTERM stops the plugin cleanly, and the next call restarts it")
    func sigterm() async throws {
        let directory = PluginDirectory()
        directory.link("simple-processor")
        try await TestHost.withManager { manager in
            try await manager.registerPlugins(in: directory.path, options: TestHost.options(.unix))
            let handle = try await manager.handle(named: "simple-processor")
            let pid = try #require(handle.status.pid)
            let socket = try #require(TestHost.socketPath(handle.status))
            kill(pid, SIGTERM)
            let exit = try #require(await handle.waitForExit(within: .seconds(30)))
            #expect(exit.isSuccess, "SIGTERM should be a graceful stop with status 0, got \(exit)")
            #expect(handle.status.leftBehind.isEmpty)
            #expect(!Files.exists(socket) && !Files.exists(socket + ".lock"))
            #expect(try await handle.ping() > .zero)
            #expect(handle.status.pid != pid)
        }
    }

    @Test("a crash during a call is a clear error; the next call restarts the plugin")
    func crashDuringCall() async throws {
        let directory = PluginDirectory()
        directory.link("misbehaving-plugin")
        try await TestHost.withManager { manager in
            try await manager.registerPlugins(in: directory.path, options: TestHost.options(.unix))
            let handle = try await manager.handle(named: "misbehaving-plugin")
            let pid = try #require(handle.status.pid)
            await #expect {
                _ = try await handle.send(.post, "/crash", body: Array("{}".utf8))
            } throws: { error in
                guard let error = error as? PluginError else { return false }
                return error.code == .crashed && error.plugin == "misbehaving-plugin" && error.message.contains("exit status 3")
            }
            #expect(handle.status.state == .crashed)
            #expect(!Files.isAlive(pid))
            let echo = try await manager.plugin(DataProcessorContract.self)
            #expect(try await echo.process(ProcessRequest(data: "still here")).data.string == "still here")
            #expect(handle.status.restarts == 1)
        }
    }

    @Test("a crash is seen though the plugin left a child holding its stdout and stderr; the child is ended with it")
    func crashWithLeftover() async throws {
        let directory = PluginDirectory()
        // A v1 plugin that starts a background child sharing its stdout and stderr (a shell's `&`, Python's Popen),
        // then serves; GET /crash exits 3. The child names the plugin's path, so the test can find it.
        directory.script("leaver", """
            if [ "$1" = capabilities ]; then echo '{"types":{"transformer":[{"type":"leaver"}]}}'; exit 0; fi
            python3 -c 'import time; time.sleep(1000)' "$0" &
            exec python3 -c '
            import http.server, os
            class H(http.server.BaseHTTPRequestHandler):
                def do_GET(self):
                    if self.path == "/crash":
                        os._exit(3)
                    self.send_response(200); self.send_header("Content-Length", "0"); self.end_headers()
                def log_message(self, *a): pass
            s = http.server.HTTPServer(("127.0.0.1", 0), H)
            print("127.0.0.1:%d" % s.server_port, flush=True)
            s.serve_forever()
            ' "$0"
            """)
        try await TestHost.withManager { manager in
            try await manager.registerPlugins(in: directory.path, options: TestHost.options(.tcp))
            let handle = try await manager.handle(named: "leaver")
            #expect(Files.processes(mentioning: directory.path).count >= 3, "the launcher, the plugin and its child")
            _ = try? await handle.send(.get, "/crash")
            let exit = try #require(await handle.waitForExit(within: .seconds(30)), "the host did not see the plugin exit")
            #expect(exit.code == 3)
            #expect(await eventually(timeout: .seconds(10)) { Files.processes(mentioning: directory.path).isEmpty },
                    "left running: \(Files.processes(mentioning: directory.path))")
            #expect(try await handle.send(.get, "/healthz").status == 200, "the next call starts it again")
        }
        for pid in Files.processes(mentioning: directory.path) { kill(pid, SIGKILL) }
    }

    @Test("cancelling run() stops every plugin in order, as a graceful shutdown does: a clean exit, nothing left")
    func cancelledRun() async throws {
        let directory = PluginDirectory()
        directory.link("simple-processor")
        let manager = PluginManager(logger: TestHost.quiet)
        let running = Task { await manager.run() }
        try await manager.registerPlugins(in: directory.path, options: TestHost.options(.unix))
        let handle = try await manager.handle(named: "simple-processor")
        let pid = try #require(handle.status.pid)
        running.cancel()
        await running.value
        // Stopped before run() returned, by POST /shutdown: exit status 0, not the SIGKILL of a teardown.
        let exit = try #require(await handle.waitForExit(within: .zero), "run() returned with the plugin still running")
        #expect(exit.code == 0 && exit.signal == nil, "\(exit)")
        #expect(!Files.isAlive(pid))
        #expect(Files.processes(mentioning: directory.path).isEmpty)
    }

    @Test("a plugin that prints more than a pipe holds before it reads a config larger than a pipe still starts")
    func chattyPluginLargeConfig() async throws {
        let directory = PluginDirectory()
        // v2 with configStdin: 200 kB on stderr first, then the config line from stdin, then serve.
        directory.script("chatty", """
            if [ "$1" = capabilities ]; then
              echo '{"types":{"transformer":[{"type":"chatty"}]},"configTypes":["big"],"protocol":{"version":2,"features":["configStdin"]}}'; exit 0
            fi
            exec python3 -c '
            import http.server, json, sys
            sys.stderr.write("x" * 200000 + "\\n"); sys.stderr.flush()
            config = json.loads(sys.stdin.readline())
            class H(http.server.BaseHTTPRequestHandler):
                def do_GET(self):
                    body = str(len(json.dumps(config))).encode()
                    self.send_response(200); self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
                def log_message(self, *a): pass
            s = http.server.HTTPServer(("127.0.0.1", 0), H)
            print("127.0.0.1:%d" % s.server_port, flush=True)
            s.serve_forever()
            ' "$0"
            """)
        var options = TestHost.options(.tcp)
        options.configData = [try ConfigData(type: "big", value: ["blob": String(repeating: "y", count: 150_000)])]
        try await TestHost.withManager { manager in
            try await manager.registerPlugins(in: directory.path, options: options)
            let handle = try await manager.handle(named: "chatty")
            let response = try await handle.send(.get, "/size")
            #expect(response.status == 200)
            #expect((Int(String(decoding: response.body, as: UTF8.self)) ?? 0) > 150_000, "the plugin read the whole config")
        }
    }

    @Test("concurrent calls share one start and one pool")
    func concurrentCalls() async throws {
        let directory = PluginDirectory()
        directory.link("simple-processor")
        try await TestHost.withManager { manager in
            try await manager.registerPlugins(in: directory.path, options: TestHost.options(lazy: true))
            let handle = try await manager.handle(named: "simple-processor")
            #expect(handle.status.state == .discovered)
            let processor = try await manager.plugin(DataProcessorContract.self)
            let results = try await withThrowingTaskGroup(of: String.self) { group in
                for index in 0..<64 {
                    group.addTask { try await processor.process(ProcessRequest(data: Base64Bytes(Array("call \(index)".utf8)))).data.string }
                }
                return try await group.reduce(into: Set<String>()) { $0.insert($1) }
            }
            #expect(results.count == 64)
            #expect(results.contains("CALL 63"))
            #expect(handle.status.restarts == 0)
        }
    }
}
