import PlugboardProtocol
import PlugboardTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A graceful stop owns the route handlers still running (PROTOCOL.md §11): it waits for them, whether or not their
/// client is still connected, cancels them when its grace runs out, and runs the deactivation hook only after them.
@Suite("Graceful stop and running handlers")
struct GracefulStopTests {
    let plugin = TestBinaries.path("misbehaving-plugin")

    /// Starts the plugin with a hook log, starts `POST /slow` for `milliseconds` from a client that hangs up at once,
    /// stops the plugin with SIGTERM once the handler runs, and returns the exit status and the hook log.
    func stopWithSlowHandler(_ name: String, milliseconds: Int, graceMilliseconds: Int) async throws -> (status: Int32?, log: String) {
        let directory = PluginDirectory()
        let log = "\(directory.path)/hooks.log"
        let id = PluginServerTests.uniqueID(name)
        let environment = ["FIXTURE_HOOK_LOG": log, "FIXTURE_GRACE_MS": String(graceMilliseconds)]
        let (status, _) = try await TestProcess.withLive(plugin, ["--config", PluginServerTests.config(id)], environment: environment) { live in
            let path = try SocketFiles.path(fromLocationLine: try #require(try await live.nextLine()))
            let body = #"{"milliseconds":\#(milliseconds)}"#
            try await RawHTTP.sendAndHangUp(path, Array("POST /slow HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)".utf8))
            // Started (on a starved machine the 2 s handler may even have finished by the time this looks: the
            // stop then has nothing to wait for, and the log is the same).
            let started = await eventually { Self.text(log).contains("slow started\n") }
            #expect(started, "the handler never started: \(Self.text(log))")
            live.signal(SIGTERM)
            #expect(try await live.nextLine() == nil)
        }
        return (status, Self.text(log))
    }

    static func text(_ path: String) -> String { Files.read(path).map { String(decoding: $0, as: UTF8.self) } ?? "" }

    @Test("a stop waits for a handler whose client has hung up, and deactivates after it")
    func waitsForHandlerWithoutConnection() async throws {
        let (status, log) = try await stopWithSlowHandler("stop-waits", milliseconds: 2000, graceMilliseconds: 60_000)
        #expect(status == 0)
        #expect(log == "activate\nslow started\nslow finished\ndeactivate\n")
    }

    @Test("a handler still running when the grace runs out is cancelled before the deactivation hook")
    func cancelsHandlerAfterGrace() async throws {
        let (status, log) = try await stopWithSlowHandler("stop-cancels", milliseconds: 600_000, graceMilliseconds: 200)
        #expect(status == 0)
        #expect(log == "activate\nslow started\nslow cancelled\ndeactivate\n")
    }
}
