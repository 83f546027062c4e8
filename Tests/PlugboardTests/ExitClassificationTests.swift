import Plugboard
import PlugboardContracts
import PlugboardProtocol
import PlugboardTestSupport
import Testing

/// How the host tells a plugin that was asked to stop, or stopped itself while idle, from one that crashed, with a
/// real plugin that exits as the Go framework's SDK does (status 1 after `POST /shutdown` and from its idle timer).
@Suite("Exit classification, real processes")
struct ExitClassificationTests {
    static func directory() -> PluginDirectory {
        let directory = PluginDirectory()
        directory.link(file: TestBinaries.packageRoot + "/Tests/Fixtures/go-style-plugin/go-style-plugin.py", as: "go-style")
        return directory
    }

    @Test("exit status 1 right after the host's POST /shutdown is a stop: no crash, no back-off, no restart counted")
    func exitOneAfterShutdown() async throws {
        let directory = Self.directory()
        try await TestHost.withManager { manager in
            try await manager.registerPlugins(in: directory.path, options: TestHost.options(.tcp))
            let handle = try await manager.handle(named: "go-style")
            let pid = try #require(handle.status.pid)
            try await manager.unload("go-style")
            #expect(!Files.isAlive(pid))
            #expect(handle.status.state == .discovered)
            #expect(handle.status.lastError == nil, "\(handle.status.lastError ?? "")")
            let processor = try await manager.plugin(DataProcessorContract.self)
            #expect(try await processor.process(ProcessRequest(data: "again")).data.string == "again")
            #expect(handle.status.restarts == 0)
            #expect(handle.status.pid != pid)
        }
    }

    @Test("exit status 1 after a POST /shutdown a caller sent is a stop, not a crash")
    func exitOneAfterCallersShutdown() async throws {
        let directory = Self.directory()
        try await TestHost.withManager { manager in
            try await manager.registerPlugins(in: directory.path, options: TestHost.options(.tcp))
            let handle = try await manager.handle(named: "go-style")
            #expect(try await handle.send(.post, "/shutdown").status == 200)
            let exit = try #require(await handle.waitForExit(within: .seconds(30)))
            #expect(exit.code == 1)
            #expect(handle.status.state == .discovered)
            #expect(try await handle.ping() > .zero)
            #expect(handle.status.restarts == 0)
        }
    }

    @Test("exit status 1 from the plugin's idle timer is an idle stop")
    func exitOneWhenIdle() async throws {
        let directory = Self.directory()
        try await TestHost.withManager { manager in
            // 3 s: the fixture's idle timer starts with the process, and a loaded machine can take over a second to
            // get from its start to the host's first /healthz.
            try await manager.registerPlugins(in: directory.path, options: TestHost.options(.tcp, idleTimeout: .seconds(3)))
            let handle = try await manager.handle(named: "go-style")
            let exit = try #require(await handle.waitForExit(within: .seconds(30)), "the plugin did not stop after its idle timeout")
            #expect(exit.code == 1)
            #expect(handle.status.state == .idleStopped)
            #expect(handle.status.lastError == nil)
            let processor = try await manager.plugin(DataProcessorContract.self)
            #expect(try await processor.process(ProcessRequest(data: "awake")).data.string == "awake")
            #expect(handle.status.restarts == 0)
        }
    }

    @Test("a v1 plugin that closes a connection after running a POST handler without answering runs it once: the host does not send it again")
    func noSecondRunOfAPost() async throws {
        let directory = Self.directory()
        try await TestHost.withManager { manager in
            try await manager.registerPlugins(in: directory.path, options: TestHost.options(.tcp))
            let handle = try await manager.handle(named: "go-style")
            // A connection the pool then reuses for the POST, which is when the host might resend it.
            #expect(try await handle.send(.get, "/healthz").status == 200)
            await #expect(throws: PluginError.self) {
                _ = try await handle.send(.post, "/run-then-close")
            }
            let ran = try await handle.send(.get, "/ran")
            #expect(String(decoding: ran.body, as: UTF8.self) == #"{"ran": 1}"#)
        }
    }
}
