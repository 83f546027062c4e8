import PlugboardProtocol
import PlugboardTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The plugin's server, driven over the wire by a minimal independent HTTP client.
@Suite("Plugin server")
struct PluginServerTests {
    let plugin = TestBinaries.path("simple-processor")

    static func config(_ id: String, type: String = "unix", extra: String = "") -> String {
        #"{"id":"\#(id)","type":"\#(type)","idleTimeout":0\#(extra)}"#
    }

    static func uniqueID(_ name: String) -> String { "sdk-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))" }

    @Test("serves the protocol's endpoints and error bodies; SIGTERM removes socket and lock", arguments: ["unix", "tcp"])
    func endpointsAndSigterm(transport: String) async throws {
        let id = Self.uniqueID("endpoints")
        let (status, _) = try await TestProcess.withLive(plugin, ["--config", Self.config(id, type: transport)]) { live in
            let line = try #require(try await live.nextLine())
            let location = try Location(parsing: line)
            let address: String
            switch location {
            case .unix(let path):
                address = path
                #expect(Files.exists(path) && Files.exists(path + ".lock"))
            case .tcp(let host, let port):
                #expect(host == "127.0.0.1")
                address = "127.0.0.1:\(port)"
            }
            #expect(try await RawHTTP.request(address, "GET", "/healthz").status == 200)
            let head = try await RawHTTP.request(address, "HEAD", "/healthz")
            #expect(head.status == 200 && head.body.isEmpty)
            let processed = try await RawHTTP.request(address, "POST", "/process", body: Array(#"{"data":"aGk=","format":"text/plain"}"#.utf8))
            #expect(processed.status == 200)
            #expect(processed.headers["content-type"] == "application/json")
            #expect(processed.body.contains(#""data":"SEk=""#))

            for (method, path, body, expected) in [
                ("GET", "/nope", "", 404), ("PUT", "/process", "", 405), ("POST", "/process", #"{"dat":1}"#, 400),
                ("POST", "/process", #"{"data":"aGk=","format":"image/png"}"#, 400), ("GET", "/shutdown", "", 405),
            ] {
                let response = try await RawHTTP.request(address, method, path, body: Array(body.utf8))
                #expect(response.status == expected, "\(method) \(path)")
                let error = try WireJSON.decode(ErrorBody.self, from: Array(response.body.utf8))
                #expect(error.statusCode == expected)
                #expect(!error.message.isEmpty)
            }
            let undecodable = try await RawHTTP.request(address, "POST", "/process", body: Array(#"{"dat":1}"#.utf8))
            #expect(undecodable.body.contains("$.data"))
            let raw = try await RawHTTP.request(address, "POST", "/echo", body: [0, 1, 2, 255])
            #expect(raw.headers["content-type"] == "application/octet-stream")
            live.signal(SIGTERM)
            #expect(try await live.nextLine() == nil)
            if case .unix(let path) = location {
                #expect(!Files.exists(path) && !Files.exists(path + ".lock"))
            }
        }
        #expect(status == 0)
    }

    @Test("a body over the limit is answered with 413")
    func bodyTooLarge() async throws {
        let (status, _) = try await TestProcess.withLive(plugin, ["--config", Self.config(Self.uniqueID("large"), type: "tcp")]) { live in
            let location = try Location(parsing: try #require(try await live.nextLine()))
            guard case .tcp(_, let port) = location else { Issue.record("expected tcp"); return }
            let response = try await RawHTTP.request("127.0.0.1:\(port)", "POST", "/echo", body: [UInt8](repeating: 65, count: (16 << 20) + 1))
            #expect(response.status == 413)
            #expect(response.body.contains("larger than the limit"))
            live.signal(SIGTERM)
        }
        #expect(status == 0)
    }

    @Test("with PLUGBOARD_TOKEN set, requests without the bearer token get 401")
    func token() async throws {
        let token = "s3cret-token-0123456789abcdef"
        let (status, _) = try await TestProcess.withLive(plugin, ["--config", Self.config(Self.uniqueID("token"), type: "tcp")], environment: ["PLUGBOARD_TOKEN": token]) { live in
            let location = try Location(parsing: try #require(try await live.nextLine()))
            guard case .tcp(_, let port) = location else { Issue.record("expected tcp"); return }
            let address = "127.0.0.1:\(port)"
            #expect(try await RawHTTP.request(address, "GET", "/healthz").status == 401)
            #expect(try await RawHTTP.request(address, "GET", "/healthz", headers: ["Authorization": "Bearer wrong-token-0123456789abcde"]).status == 401)
            #expect(try await RawHTTP.request(address, "GET", "/healthz", headers: ["Authorization": "Bearer \(token)"]).status == 200)
            // Decided on the head: a body over the limit without the token is a 401, not a 413 (it was not gathered).
            let flood = try await RawHTTP.request(address, "POST", "/process", body: [UInt8](repeating: 0x61, count: 17 << 20))
            #expect(flood.status == 401 && flood.headers["connection"] == "close", "\(flood.status) \(flood.headers)")
            #expect(try await RawHTTP.request(address, "POST", "/shutdown", headers: ["Authorization": "Bearer \(token)"]).status == 200)
            #expect(try await live.nextLine() == nil)
        }
        #expect(status == 0)
    }

    @Test("an idle timeout stops the plugin with status 0 and removes its files")
    func idleTimeout() async throws {
        let id = Self.uniqueID("idle")
        let outcome = try await TestProcess.run(plugin, ["--config", #"{"id":"\#(id)","type":"unix","idleTimeout":"200ms"}"#])
        #expect(outcome.status == 0)
        let path = try SocketFiles.path(fromLocationLine: outcome.stdout)
        #expect(!Files.exists(path) && !Files.exists(path + ".lock"))
        #expect(outcome.stderr.contains("idle timeout"))
    }

    @Test("pipelined requests on one connection are answered in order, even more than the queue holds")
    func pipelining() async throws {
        let (status, _) = try await TestProcess.withLive(plugin, ["--config", Self.config(Self.uniqueID("pipeline"))]) { live in
            let path = try SocketFiles.path(fromLocationLine: try #require(try await live.nextLine()))
            let body = #"{"data":"aGk="}"#
            let process = "POST /process HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
            // 150 requests behind a handler that runs as a task: more parts than the server queues before it
            // stops reading. The rest is sent only once those are answered, so reading must have resumed.
            let first = process + String(repeating: "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", count: 150)
            let second = process + "GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
            let text = try await RawHTTP.exchange(path, Array(first.utf8), then: Array(second.utf8), after: 151)
            let responses = text.split(separator: "HTTP/1.1 ").map { String($0) }
            #expect(responses.count == 153)
            #expect(responses.first?.contains(#""data":"SEk=""#) == true)
            #expect(responses.dropFirst().prefix(150).allSatisfy { $0.contains(#"{"status":"ok"}"#) })
            #expect(responses.dropFirst(151).first?.contains(#""data":"SEk=""#) == true)
            #expect(responses.last?.contains("no endpoint /nope") == true)
            live.signal(SIGTERM)
        }
        #expect(status == 0)
    }

    @Test("malformed HTTP gets a JSON 400 and a close; HTTP/1.0 and chunked request bodies are served")
    func wireEdgeCases() async throws {
        let (status, _) = try await TestProcess.withLive(plugin, ["--config", Self.config(Self.uniqueID("edges"))]) { live in
            let path = try SocketFiles.path(fromLocationLine: try #require(try await live.nextLine()))
            let malformed = try await RawHTTP.exchange(path, Array("NOT HTTP AT ALL\r\n\r\n".utf8))
            #expect(malformed.hasPrefix("HTTP/1.1 400 Bad Request\r\n"), "\(malformed)")
            #expect(malformed.contains("connection: close"))
            #expect(malformed.contains(#""statusCode":400"#) && malformed.contains("malformed HTTP request"))

            // HTTP/1.0 without keep-alive: answered in kind, then closed (exchange reads until the close).
            let old = try await RawHTTP.exchange(path, Array("GET /healthz HTTP/1.0\r\n\r\n".utf8))
            #expect(old.hasPrefix("HTTP/1.0 200 OK\r\n"), "\(old)")
            #expect(old.contains("connection: close") && old.hasSuffix(#"{"status":"ok"}"#))
            // HTTP/1.0 asking for keep-alive is told the connection stays open, and a second request is served on it.
            let kept = try await RawHTTP.exchange(path, Array("GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /healthz HTTP/1.0\r\n\r\n".utf8))
            #expect(kept.split(separator: "HTTP/1.0 200 OK", omittingEmptySubsequences: false).count == 3, "\(kept)")
            #expect(kept.contains("connection: keep-alive"))

            let chunked = "POST /process HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + "5\r\n{\"dat\r\n" + "a\r\na\":\"aGk=\"}\r\n" + "0\r\n\r\n"
            let processed = try await RawHTTP.exchange(path, Array(chunked.utf8))
            #expect(processed.hasPrefix("HTTP/1.1 200 OK\r\n"), "\(processed)")
            #expect(processed.contains(#""data":"SEk=""#))
            live.signal(SIGTERM)
        }
        #expect(status == 0)
    }

    @Test("a client that pipelines without reading the answers is stopped, not buffered for without bound")
    func pipeliningWithoutReading() async throws {
        let (status, _) = try await TestProcess.withLive(plugin, ["--config", Self.config(Self.uniqueID("flood"))]) { live in
            let path = try SocketFiles.path(fromLocationLine: try #require(try await live.nextLine()))
            let chunk = Array(String(repeating: "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", count: 1_000).utf8)
            // Once its answers fill the socket, the plugin stops reading: the client's sends stall for good (a plugin
            // that read on would take all 256 MiB and hold gigabytes of answers).
            let stalledAt = try await RawHTTP.floodWithoutReading(path, chunk: chunk, limit: 256 << 20, stall: 2_000)
            #expect(stalledAt != nil)
            #expect((stalledAt ?? .max) < 16 << 20)
            // The plugin still serves others, and stops cleanly.
            #expect(try await RawHTTP.request(path, "GET", "/healthz").status == 200)
            live.signal(SIGTERM)
        }
        #expect(status == 0)
    }

    @Test("a second copy attaching to the same directory is refused while the first runs; a stale manifest is replaced")
    func attachTwice() async throws {
        let directory = PluginDirectory()
        let manifest = "\(directory.path)/simple-processor.pconf"
        @Sendable func owner() throws -> Int32? {
            try WireJSON.decode(Manifest.self, from: try #require(Files.read(manifest))).pid
        }
        let (status, _) = try await TestProcess.withLive(plugin, ["--attach", directory.path]) { live in
            _ = try #require(try await live.nextLine())
            let second = try await TestProcess.run(plugin, ["--attach", directory.path], timeout: .seconds(30))
            #expect(second.status == 1, "\(second.stderr)")
            #expect(second.stderr.contains("already attached in \(directory.path) by pid \(live.pid)"), "\(second.stderr)")
            #expect(try owner() == live.pid)
            live.signal(SIGTERM)
        }
        #expect(status == 0)
        #expect(!Files.exists(manifest))

        // A manifest left by a copy that died without removing it names a pid that is gone: it is replaced.
        _ = directory.write("simple-processor.pconf", #"{"name":"simple-processor","url":"http+unix:///nowhere.sock","pid":2000000000}"#)
        let (restarted, _) = try await TestProcess.withLive(plugin, ["--attach", directory.path]) { live in
            _ = try #require(try await live.nextLine())
            #expect(try owner() == live.pid)
            live.signal(SIGTERM)
        }
        #expect(restarted == 0)
    }

    @Test("a client that hangs up mid-body does not keep the plugin from going idle")
    func cutOffRequestIsNotInFlight() async throws {
        let id = Self.uniqueID("cutoff")
        let (status, stderr) = try await TestProcess.withLive(plugin, ["--config", #"{"id":"\#(id)","type":"unix","idleTimeout":"20s"}"#]) { live in
            // 20 s: /healthz and the hang-up must reach the plugin before its idle timer ends, and in a full parallel
            // run beside two builds this test's task has waited over 10 s for a turn between two steps.
            let path = try SocketFiles.path(fromLocationLine: try #require(try await live.nextLine()))
            #expect(try await RawHTTP.request(path, "GET", "/healthz").status == 200)
            try await RawHTTP.sendAndHangUp(path, Array("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nonly part".utf8))
            // The plugin stops on its own once idle; a request still counted in flight would keep it up forever.
            #expect(try await live.nextLine() == nil)
        }
        #expect(status == 0)
        #expect(stderr.contains("idle timeout"))
    }

    @Test("with an idle timeout and the parent watch, a plugin serves from two threads: its main thread and one event loop")
    func idleTimerStartsNoThread() async throws {
        let id = Self.uniqueID("threads")
        let config = #"{"id":"\#(id)","type":"unix","idleTimeout":"60s","parentWatch":true}"#
        let (status, _) = try await TestProcess.withLive(plugin, ["--config", config]) { live in
            let path = try SocketFiles.path(fromLocationLine: try #require(try await live.nextLine()))
            // A request ends, so the idle timer sleeps from here on (Task.sleep started Dispatch's timer thread).
            #expect(try await RawHTTP.request(path, "GET", "/healthz").status == 200)
            #expect(try await RawHTTP.request(path, "POST", "/process", body: Array(#"{"data":"aGk="}"#.utf8)).status == 200)
            let threads = Files.list("/proc/\(live.pid)/task")
            #expect(threads.count == 2, "threads: \(threads)")
            live.signal(SIGTERM)
            #expect(try await live.nextLine() == nil)
        }
        #expect(status == 0)
    }

    @Test("with parentWatch, the plugin exits when its stdin closes (its host died)")
    func parentWatch() async throws {
        let id = Self.uniqueID("parent")
        let config = #"{"id":"\#(id)","type":"unix","parentWatch":true}"#
        // stdin carries the config line and then reaches end-of-file, as when the host is killed.
        let outcome = try await TestProcess.run(plugin, ["--config-stdin"], input: config + "\n")
        #expect(outcome.status == 0)
        #expect(outcome.stderr.contains("host closed stdin"))
        let path = try SocketFiles.path(fromLocationLine: outcome.stdout)
        #expect(!Files.exists(path) && !Files.exists(path + ".lock"))
    }
}
