import Logging
import PlugboardProtocol

/// One process of a ``SpawnedBackend``: spawned as a job of the manager's task runner, ready once it printed its
/// location and answered `/healthz`, stopped in order or killed.
final class SpawnedLaunch: PluginLaunch {
    private let backend: SpawnedBackend
    private let process: ProcessHandle
    private let onExit: @Sendable (ProcessExit) -> Void

    init(backend: SpawnedBackend, onExit: @escaping @Sendable (ProcessExit) -> Void) {
        self.backend = backend
        self.process = ProcessHandle(pluginName: backend.name)
        self.onExit = onExit
    }

    private var name: String { backend.name }
    private var path: String { backend.path }

    func begin() throws(PluginError) {
        let launcher = try backend.context.launcher.launcher(.spawnFailed, plugin: name, path: path, cannot: "start")
        let spec: SpawnSpec
        do {
            spec = try backend.makeSpawnSpec(launcher: launcher)
        } catch let error as PluginError {
            throw error
        } catch let error as SandboxError {
            throw PluginError(.sandbox, plugin: name, path: path, message: "cannot prepare its sandbox: \(error)")
        } catch {
            throw PluginError(.spawnFailed, plugin: name, path: path, message: "cannot encode its config: \(error)")
        }
        let process = self.process
        let onExit = self.onExit
        guard backend.context.runner.submit({
            await process.run(spec) { status, outcome in
                onExit(ProcessExit(status, stderrTail: process.stderrTail, sandbox: outcome))
            }
        }) else {
            // Nothing will run it: its sandbox directory and cgroup go now.
            spec.sandbox?.discard()
            throw PluginError(.notRunning, plugin: name, path: path, message: "cannot start: the plugin manager is not running")
        }
    }

    func ready(by deadline: ContinuousClock.Instant) async throws(PluginError) -> ConnectionPool {
        let started = ContinuousClock.now
        let process = self.process
        do {
            let location = try await withDeadline(deadline - .now) { try await process.location.wait() }
            let pool = backend.settings.makePool(location, group: backend.context.group, keepsCloseRule: backend.capabilities.protocolVersion >= 2)
            do {
                try await withDeadline(deadline - .now) { try await Self.waitUntilHealthy(pool, process: process, deadline: deadline) }
            } catch {
                pool.close()
                throw error
            }
            backend.logger.debug("ready", metadata: ["location": "\(location)", "pid": "\(process.pid ?? 0)", "startup": "\(ContinuousClock.now - started)"])
            return pool
        } catch {
            // The supervisor kills the process when it hears of the failure (the machine's abort), after it has
            // recorded this error: a kill first would be reported as an exit during start instead.
            if error is DeadlineExceeded {
                let tail = process.stderrTail
                throw PluginError(
                    .startupTimeout, plugin: name, path: path,
                    message: "did not become ready within \(backend.settings.startupTimeout) (no location line, or /healthz did not answer); killed it"
                        + (tail.isEmpty ? "" : "; its stderr ended with:\n\(tail)")
                )
            }
            if let error = error as? PluginError { throw error }
            throw PluginError(.spawnFailed, plugin: name, path: path, message: "\(error)")
        }
    }

    /// Retries `GET /healthz` until it answers 200: the location line is printed after the listener is up, so the
    /// first try almost always succeeds; a plugin that prints early gets short, growing pauses.
    private static func waitUntilHealthy(_ pool: ConnectionPool, process: ProcessHandle, deadline: ContinuousClock.Instant) async throws {
        var pause = Duration.microseconds(500)
        while true {
            if case .success(let status)? = process.exit.result {
                throw PluginError(.exitedDuringStartup, plugin: process.pluginName, message: "exited (\(status.summary)) before /healthz answered")
            }
            let attempt = min(deadline, .now + .seconds(2))
            if let response = try? await pool.send(.get, "/healthz", body: [], deadline: attempt), response.status == 200 { return }
            try await Task.sleep(for: pause)
            pause = min(pause * 2, .milliseconds(50))
        }
    }

    func stop(pool: ConnectionPool, timeout: Duration) async {
        func exited(within duration: Duration) async -> Bool { await waitForExit(within: duration) != nil }
        guard !isOver else { return }
        // The POST's answer and the exit share the step's deadline (PROTOCOL.md §12: up to `timeout` in all).
        let step = ContinuousClock.now + timeout
        _ = try? await pool.send(.post, "/shutdown", body: [], deadline: step)
        if await exited(within: max(.zero, step - .now)) { return }
        backend.logger.warning("did not exit after POST /shutdown within \(timeout); sending SIGTERM")
        process.send(.terminate)
        if await exited(within: timeout) { return }
        backend.logger.warning("did not exit after SIGTERM within \(timeout); sending SIGKILL")
        process.send(.kill)
        _ = await exited(within: .seconds(10))
    }

    func abort() {
        process.kill()
    }

    func waitForExit(within duration: Duration) async -> ProcessExit? {
        let process = self.process
        // Already over: said at once, also with no time to wait.
        var ended = try? process.exit.result?.get()
        if ended == nil, duration > .zero { ended = try? await withDeadline(duration, { try await process.exit.wait() }) }
        guard let status = ended else { return nil }
        return ProcessExit(status, stderrTail: process.stderrTail, sandbox: process.outcome)
    }

    var isOver: Bool { process.exit.result != nil }

    var location: Location? {
        if case .success(let location)? = process.location.result { return location }
        return nil
    }

    var pid: Int32? { isOver ? nil : process.pid }

    var stderrTail: String { process.stderrTail }

    var sandbox: SandboxReport? { process.sandbox }
}
