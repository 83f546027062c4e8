import Plugboard
import PlugboardContracts
import PlugboardProtocol
import PlugboardTestSupport
import Testing

/// Every wait has a deadline and every caller can be cancelled, with real plugin processes: a call in flight, a call
/// queued for a connection, a call waiting for a start.
@Suite("Deadlines, cancellation and stops, real processes")
struct DeadlineTests {
    /// A plugin that answers `capabilities` and then never prints a location: its start never ends by itself.
    static func silent(_ directory: PluginDirectory) {
        directory.script("silent", """
            case "$1" in
              capabilities) echo '{"types":{"dataProcessor":[{"type":"silent"}]}}' ;;
              *) exec sleep 600 ;;
            esac
            """)
    }

    /// Registers the silent plugin (lazy) and returns its handle.
    static func silentHandle(_ manager: PluginManager, in directory: PluginDirectory) async throws -> PluginHandle {
        try await manager.registerPlugins(in: directory.path, options: TestHost.options(lazy: true))
        return try await manager.handle(named: "silent")
    }

    /// A call that starts the silent plugin and waits for it, once the start is under way.
    static func callWaitingForStart(_ handle: PluginHandle) async -> Task<HTTPResponse, any Error> {
        let call = Task { try await handle.send(.get, "/healthz", timeout: .seconds(60)) }
        #expect(await eventually { handle.status.state == .starting })
        return call
    }

    static func code(of task: Task<HTTPResponse, any Error>) async -> PluginError.Code? {
        do {
            _ = try await task.value
            return nil
        } catch {
            return (error as? PluginError)?.code
        }
    }

    static let slow = Array(#"{"milliseconds":30000}"#.utf8)

    @Test("a call cancelled in flight ends with cancelled at once; the plugin keeps serving")
    func cancelInFlight() async throws {
        let directory = PluginDirectory()
        directory.link("misbehaving-plugin")
        try await TestHost.withManager { manager in
            try await manager.registerPlugins(in: directory.path, options: TestHost.options(.unix))
            let handle = try await manager.handle(named: "misbehaving-plugin")
            // Without cancellation this call would take 30 s and succeed.
            let call = Task { try await handle.send(.post, "/slow", body: Self.slow, timeout: .seconds(60)) }
            call.cancel()
            #expect(await Self.code(of: call) == .cancelled)
            #expect(try await handle.send(.get, "/healthz").status == 200)
            #expect(handle.status.state == .ready && handle.status.restarts == 0)
        }
    }

    @Test("a call queued for a busy connection can be cancelled; the call holding it finishes")
    func cancelQueued() async throws {
        let directory = PluginDirectory()
        directory.link("misbehaving-plugin")
        try await TestHost.withManager { manager in
            var options = TestHost.options(.unix)
            options.maxConnections = 1
            try await manager.registerPlugins(in: directory.path, options: options)
            let handle = try await manager.handle(named: "misbehaving-plugin")
            let holder = Task { try await handle.send(.post, "/slow", body: Array(#"{"milliseconds":300}"#.utf8), timeout: .seconds(60)) }
            let queued = Task { try await handle.send(.post, "/slow", body: Self.slow, timeout: .seconds(60)) }
            queued.cancel()
            #expect(await Self.code(of: queued) == .cancelled)
            #expect(try await holder.value.status == 200)
        }
    }

    @Test("a call waiting for a start can be cancelled; shutdown kills the start")
    func cancelWaitingForStart() async throws {
        let directory = PluginDirectory()
        Self.silent(directory)
        try await TestHost.withManager { manager in
            let handle = try await Self.silentHandle(manager, in: directory)
            let call = await Self.callWaitingForStart(handle)
            call.cancel()
            #expect(await Self.code(of: call) == .cancelled)
        }
        #expect(Files.processes(mentioning: directory.path).isEmpty, "the silent plugin outlived the manager")
    }

    @Test("a call's deadline covers waiting for the start")
    func deadlineCoversStart() async throws {
        let directory = PluginDirectory()
        Self.silent(directory)
        try await TestHost.withManager { manager in
            let handle = try await Self.silentHandle(manager, in: directory)
            // The startup timeout is 20 s; the call allows 300 ms.
            await #expect {
                _ = try await handle.send(.get, "/healthz", timeout: .milliseconds(300))
            } throws: { error in
                (error as? PluginError)?.code == .timeout && "\(error)".contains("did not become ready within the call's deadline")
            }
        }
        #expect(Files.processes(mentioning: directory.path).isEmpty)
    }

    @Test("stop() during a start fails the waiting call with stopped and kills the process")
    func stopDuringStart() async throws {
        let directory = PluginDirectory()
        Self.silent(directory)
        try await TestHost.withManager { manager in
            let handle = try await Self.silentHandle(manager, in: directory)
            let call = await Self.callWaitingForStart(handle)
            let pid = try #require(await eventuallyValue { handle.status.pid })
            await handle.stop()
            #expect(await Self.code(of: call) == .stopped)
            #expect(!Files.isAlive(pid))
            #expect(handle.status.state == .discovered)
        }
    }

    @Test("shutdown during a start fails the waiting call with shutDown; withManager returns and nothing is left")
    func shutdownDuringStart() async throws {
        let directory = PluginDirectory()
        Self.silent(directory)
        let call = try await TestHost.withManager { manager in
            let handle = try await Self.silentHandle(manager, in: directory)
            let call = await Self.callWaitingForStart(handle)
            return call
        }
        #expect(await Self.code(of: call) == .shutDown)
        #expect(Files.processes(mentioning: directory.path).isEmpty)
    }

    @Test("a plugin that closes its stdout and stderr and hangs in a child of its own is still killed, child and all", .timeLimit(.minutes(1)))
    func killedWithoutOutput() async throws {
        let directory = PluginDirectory()
        // A wrapper that does not exec: the real work is its child, in the plugin's process group.
        let marker = "\(Int.random(in: 100_000...999_999))"
        directory.script("mute", """
            case "$1" in
              capabilities) echo '{"types":{"dataProcessor":[{"type":"mute"}]}}' ;;
              *) exec >/dev/null 2>&1; sleep \(marker) & wait ;;
            esac
            """)
        try await TestHost.withManager { manager in
            try await manager.registerPlugins(in: directory.path, options: TestHost.options(lazy: true))
            let handle = try await manager.handle(named: "mute")
            await #expect(throws: PluginError.self) {
                _ = try await handle.send(.get, "/healthz", timeout: .milliseconds(300))
            }
            #expect(await eventually { !Files.processes(mentioning: "sleep \(marker)").isEmpty })
        }
        // SIGKILL went to the whole group; the child (not the host's to reap) dies as soon as it is scheduled.
        #expect(await eventually { Files.processes(mentioning: "sleep \(marker)").isEmpty }, "the wrapper's child outlived the manager")
        #expect(Files.processes(mentioning: directory.path).isEmpty)
    }
}
