import Logging
import NIOCore
import NIOPosix
import PlugboardProtocol
import Subprocess
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Supervises one out-of-process plugin. For an executable it starts the process on demand, keeps a connection pool
/// to it while it is ready, notices its exit the moment it happens, restarts it with back-off, and stops it in order
/// (`POST /shutdown`, SIGTERM, SIGKILL, each with a deadline) leaving no process, socket or lock file behind. For an
/// attached plugin (started by someone else) it connects, health-checks, and never signals the process.
/// Both kinds carry the v2 events stream to the handlers the host registered.
final class ExternalPlugin: Sendable {
    /// Where the plugin comes from.
    enum Origin: Sendable {
        /// An executable the host starts.
        case executable
        /// A running plugin announced by a manifest or a URL.
        case attached(Location)
    }

    /// A handler for one event name.
    typealias EventHandler = @Sendable ([UInt8]) async throws -> Void

    let name: String
    /// The executable, manifest file or URL, for messages.
    let path: String
    let origin: Origin
    let capabilities: Capabilities
    let settings: LaunchSettings
    let context: HostContext
    let logger: Logger
    let state: Mutex<State>

    struct State: ~Copyable {
        var phase: PluginState = .discovered
        var pool: ConnectionPool?
        var process: ProcessHandle?
        var location: Location?
        var generation = 0
        var starting: OneShot<ConnectionPool>?
        var crashes = 0
        var restarts = 0
        var lastCrash: ContinuousClock.Instant?
        var lastError: String?
        var lastHealth: ContinuousClock.Instant?
        var leftBehind: [String] = []
        var handlers: [String: [EventHandler]] = [:]
        var events: EventStream?
        var removed = false
    }

    /// Fired when the plugin is shut down or removed, to end its monitor at once.
    let finished = OneShot<Void>()

    init(name: String, path: String, origin: Origin = .executable, capabilities: Capabilities, settings: LaunchSettings, context: HostContext) {
        self.name = name
        self.path = path
        self.origin = origin
        self.capabilities = capabilities
        self.settings = settings
        self.context = context
        var logger = context.logger
        logger[metadataKey: "plugin"] = "\(name)"
        self.logger = logger
        self.state = Mutex(State())
    }

    /// A snapshot for listings and status lines.
    var status: PluginStatus {
        state.withLock { state in
            PluginStatus(
                state: state.phase,
                pid: state.process?.pid,
                location: state.location?.description,
                restarts: state.restarts,
                lastError: state.lastError,
                lastHealthy: state.lastHealth,
                leftBehind: state.leftBehind
            )
        }
    }

    // MARK: Calls

    /// Sends a request, starting the plugin first if it is not running.
    func send(_ method: HTTPMethod, _ endpoint: String, body: [UInt8], timeout: Duration? = nil) async throws -> HTTPResponse {
        let pool = try await readyPool()
        do {
            return try await pool.send(method, endpoint, body: body, timeout: timeout ?? settings.callTimeout)
        } catch {
            throw await classify(error, method: method, endpoint: endpoint)
        }
    }

    /// Turns a transport failure into a ``PluginError`` that says whether the plugin crashed.
    private func classify(_ error: any Error, method: HTTPMethod, endpoint: String) async -> PluginError {
        let call = "\(method.rawValue) \(endpoint)"
        switch error {
        case HTTPClientFailure.timedOut:
            return PluginError(.timeout, plugin: name, path: path, message: "\(call) did not answer within \(settings.callTimeout)")
        case HTTPClientFailure.invalidPath(let bad):
            return PluginError(.invalidRequest, plugin: name, path: path, message: "\(method.rawValue) \(bad.debugDescription): a path may hold no spaces, control characters or non-ASCII bytes (percent-encode them)")
        case HTTPClientFailure.responseTooLarge(let limit):
            return PluginError(.responseTooLarge, plugin: name, path: path, message: "response to \(call) is larger than \(limit) bytes")
        default:
            // A connection that dies mid-call (or a pool closed under it) usually means the process died: wait
            // briefly for the exit to tell.
            let process = state.withLock { $0.process }
            if let process, let status = try? await withDeadline(.milliseconds(500), { try await process.exit.wait() }) {
                return PluginError(.crashed, plugin: name, path: path, message: "exited (\(status.summary)) during \(call)")
            }
            if error is ConnectionPool.PoolClosed {
                return PluginError(.notRunning, plugin: name, path: path, message: "was stopped while \(call) was waiting")
            }
            return PluginError(.connection, plugin: name, path: path, message: "\(call) failed: \(error)")
        }
    }

    /// The pool of a ready plugin, starting it when needed. Concurrent callers share one start.
    func readyPool() async throws -> ConnectionPool {
        enum Step { case ready(ConnectionPool), wait(OneShot<ConnectionPool>), start(OneShot<ConnectionPool>, backoff: Duration?), refused(PluginError) }
        let step = state.withLock { state -> Step in
            switch state.phase {
            case .ready:
                if let pool = state.pool { return .ready(pool) }
            case .starting:
                if let starting = state.starting { return .wait(starting) }
            case .stopping, .stopped:
                return .refused(PluginError(.notRunning, plugin: name, path: path, message: "is shut down"))
            default:
                break
            }
            let starting = OneShot<ConnectionPool>()
            var backoff: Duration?
            if state.phase == .crashed, let lastCrash = state.lastCrash {
                let delay = Duration.milliseconds(100) * (1 << min(state.crashes - 1, 6))
                let elapsed = ContinuousClock.now - lastCrash
                if elapsed < delay { backoff = delay - elapsed }
            }
            state.phase = .starting
            state.starting = starting
            return .start(starting, backoff: backoff)
        }
        switch step {
        case .ready(let pool):
            return pool
        case .wait(let starting):
            return try await starting.wait()
        case .refused(let error):
            throw error
        case .start(let starting, let backoff):
            do {
                if let backoff { try await Task.sleep(for: backoff) }
                let pool = try await start()
                starting.succeed(pool)
                return pool
            } catch {
                let failure = error as? PluginError ?? PluginError(.spawnFailed, plugin: name, path: path, message: "\(error)")
                state.withLock { state in
                    if state.phase == .starting { state.phase = .crashed }
                    state.crashes += 1
                    state.lastCrash = .now
                    state.lastError = failure.message
                    state.starting = nil
                }
                starting.fail(failure)
                throw failure
            }
        }
    }

    /// Makes the plugin ready: spawns an executable, or connects to an attached plugin.
    private func start() async throws -> ConnectionPool {
        switch origin {
        case .executable: return try await spawn()
        case .attached(let location): return try await connect(to: location)
        }
    }

    /// Connects to an attached plugin: one health check, no retries (it claims to be running already).
    private func connect(to location: Location) async throws -> ConnectionPool {
        let generation = state.withLock { state -> Int in
            state.generation += 1
            return state.generation
        }
        let pool = makePool(location)
        let response: HTTPResponse
        do {
            response = try await pool.send(.get, "/healthz", body: [], timeout: settings.startupTimeout)
        } catch {
            pool.close()
            throw PluginError(.connection, plugin: name, path: path, message: "is not reachable at \(location): \(Self.reason(error))")
        }
        guard response.status == 200 else {
            pool.close()
            throw PluginError(.connection, plugin: name, path: path, message: "answered GET /healthz at \(location) with \(response.status)", status: response.status)
        }
        try await becomeReady(pool: pool, location: location, generation: generation)
        return pool
    }

    private func makePool(_ location: Location) -> ConnectionPool {
        ConnectionPool(location: location, group: context.group, options: .init(
            maxConnections: settings.maxConnections,
            maxResponseSize: settings.maxResponseSize,
            connectTimeout: settings.startupTimeout,
            token: settings.environment["PLUGBOARD_TOKEN"]
        ))
    }

    /// Marks the plugin ready (unless it was stopped meanwhile) and opens its events stream when handlers wait.
    private func becomeReady(pool: ConnectionPool, location: Location, generation: Int) async throws {
        let accepted = state.withLock { state -> Bool in
            guard state.generation == generation, state.phase == .starting else { return false }
            state.phase = .ready
            state.pool = pool
            state.location = location
            state.starting = nil
            state.lastHealth = .now
            state.lastError = nil
            return true
        }
        guard accepted else {
            pool.close()
            throw PluginError(.notRunning, plugin: name, path: path, message: "was stopped while starting")
        }
        do {
            try await openEvents(at: location)
        } catch {
            logger.error("cannot open the events stream", metadata: ["error": "\(error)"])
        }
    }

    static func reason(_ error: any Error) -> String {
        if let error = error as? IOError { return error.description }
        if let error = error as? NIOConnectionError, let first = error.connectionErrors.first { return "\(first.error)" }
        return "\(error)"
    }

    /// Spawns the process, waits for its location and a healthy `/healthz`, all within the startup deadline.
    private func spawn() async throws -> ConnectionPool {
        let process = ProcessHandle(pluginName: name)
        let generation = state.withLock { state -> Int in
            state.generation += 1
            state.process = process
            return state.generation
        }
        let spec = try makeSpawnSpec()
        guard context.runner.submit({
            await process.run(spec) { status in self.processExited(status, generation: generation) }
        }) else {
            throw PluginError(.notRunning, plugin: name, path: path, message: "cannot start: the plugin manager is not running")
        }
        let started = ContinuousClock.now
        do {
            let location = try await withDeadline(settings.startupTimeout) { try await process.location.wait() }
            let pool = makePool(location)
            let remaining = settings.startupTimeout - (ContinuousClock.now - started)
            try await withDeadline(max(remaining, .milliseconds(1))) { try await Self.waitUntilHealthy(pool, process: process) }
            try await becomeReady(pool: pool, location: location, generation: generation)
            logger.debug("ready", metadata: ["location": "\(location)", "pid": "\(process.pid ?? 0)", "startup": "\(ContinuousClock.now - started)"])
            return pool
        } catch {
            process.send(.kill)
            _ = try? await withDeadline(.seconds(5)) { try await process.exit.wait() }
            if error is DeadlineExceeded, !context.runner.hasStarted {
                throw PluginError(.notRunning, plugin: name, path: path, message: "cannot start: the plugin manager is not running (use PluginManager.withManager, or run() it)")
            }
            if error is DeadlineExceeded {
                let tail = process.stderrTail
                throw PluginError(
                    .startupTimeout, plugin: name, path: path,
                    message: "did not become ready within \(settings.startupTimeout) (no location line, or /healthz did not answer); killed it"
                        + (tail.isEmpty ? "" : "; its stderr ended with:\n\(tail)")
                )
            }
            throw error
        }
    }

    /// Retries `GET /healthz` until it answers 200: the location line is printed after the listener is up, so the
    /// first try almost always succeeds; a plugin that prints early gets short, growing pauses.
    private static func waitUntilHealthy(_ pool: ConnectionPool, process: ProcessHandle) async throws {
        var pause = Duration.microseconds(500)
        while true {
            if case .success(let status)? = process.exit.result {
                throw PluginError(.exitedDuringStartup, plugin: process.pluginName, message: "exited (\(status.summary)) before /healthz answered")
            }
            if let response = try? await pool.send(.get, "/healthz", body: [], timeout: .seconds(2)), response.status == 200 { return }
            try await Task.sleep(for: pause)
            pause = min(pause * 2, .milliseconds(50))
        }
    }

    private func makeSpawnSpec() throws -> SpawnSpec {
        var config = PluginConfig(
            id: "\(name)-\(getpid())-\(context.nextInstance())",
            type: settings.transport,
            idleTimeout: settings.idleTimeout,
            configTypes: settings.configData
        )
        var environment: [String: String?] = settings.environment.mapValues { $0 }
        if capabilities.supports(.socketDirectory), settings.transport == .unix { config.socketDirectory = settings.socketDirectory }
        if capabilities.supports(.parentWatch) { config.parentWatch = true }
        // A token the host inherited must not reach a plugin that did not ask for one: it would demand it.
        if !capabilities.supports(.token) { environment["PLUGBOARD_TOKEN"] = .some(nil) }
        let text = String(decoding: try WireJSON.encode(config), as: UTF8.self)
        if capabilities.supports(.configStdin) {
            return SpawnSpec(executable: path, arguments: ["--config-stdin"], environment: environment, stdinLine: text, logger: logger)
        }
        return SpawnSpec(executable: path, arguments: ["--config", text], environment: environment, stdinLine: nil, logger: logger)
    }

    /// Called when the process has exited, whatever the reason.
    private func processExited(_ status: TerminationStatus, generation: Int) {
        let (pool, location, unexpected) = state.withLock { state -> (ConnectionPool?, Location?, Bool) in
            guard state.generation == generation else { return (nil, nil, false) }
            let pool = state.pool
            let location = state.location
            state.pool = nil
            state.location = nil
            switch state.phase {
            case .ready:
                if case .exited(0) = status {
                    state.phase = .idleStopped
                    return (pool, location, false)
                }
                state.phase = .crashed
                state.crashes += 1
                state.restarts += 1
                state.lastCrash = .now
                state.lastError = "exited (\(status.summary))"
                return (pool, location, true)
            default:
                return (pool, location, false)
            }
        }
        pool?.close()
        closeEvents()
        if let location { removeLeftovers(location) }
        if unexpected {
            let process = state.withLock { $0.process }
            logger.error("plugin exited unexpectedly (\(status.summary))", metadata: ["stderr": "\(process?.stderrTail ?? "")"])
        } else {
            logger.debug("plugin exited (\(status.summary))")
        }
    }

    // MARK: Stopping

    /// Stops the plugin for good: `POST /shutdown`, then SIGTERM, then SIGKILL, each with a deadline.
    func shutdown() async {
        let (process, pool, location, starting) = state.withLock { state -> (ProcessHandle?, ConnectionPool?, Location?, OneShot<ConnectionPool>?) in
            let result = (state.process, state.pool, state.location, state.starting)
            state.phase = .stopping
            return result
        }
        starting?.fail(PluginError(.notRunning, plugin: name, path: path, message: "was stopped while starting"))
        finished.succeed(())
        closeEvents()
        if case .executable = origin, let process, process.exit.result == nil {
            await Self.stop(process, pool: pool, timeout: settings.shutdownTimeout, logger: logger)
        }
        pool?.close()
        if let location { removeLeftovers(location) }
        state.withLock { state in
            state.phase = .stopped
            state.pool = nil
            state.location = nil
        }
    }

    /// Stops a running process now (used by `unload`/idle management): like ``shutdown()`` but it can start again.
    func stop() async {
        let (process, pool, location) = state.withLock { state -> (ProcessHandle?, ConnectionPool?, Location?) in
            guard state.phase == .ready || state.phase == .starting else { return (nil, nil, nil) }
            state.phase = .stopping
            return (state.process, state.pool, state.location)
        }
        closeEvents()
        if case .executable = origin, let process { await Self.stop(process, pool: pool, timeout: settings.shutdownTimeout, logger: logger) }
        pool?.close()
        if let location { removeLeftovers(location) }
        state.withLock { state in
            if state.phase == .stopping { state.phase = .discovered }
            state.pool = nil
            state.location = nil
        }
    }

    private static func stop(_ process: ProcessHandle, pool: ConnectionPool?, timeout: Duration, logger: Logger) async {
        func exited(within duration: Duration) async -> Bool {
            (try? await withDeadline(duration) { try await process.exit.wait() }) != nil
        }
        if let pool {
            _ = try? await pool.send(.post, "/shutdown", body: [], timeout: timeout)
            if await exited(within: timeout) { return }
            logger.warning("did not exit after POST /shutdown within \(timeout); sending SIGTERM")
        }
        process.send(.terminate)
        if await exited(within: timeout) { return }
        logger.warning("did not exit after SIGTERM within \(timeout); sending SIGKILL")
        process.send(.kill)
        _ = await exited(within: .seconds(10))
    }

    /// Removes a Unix socket and its lock file that the exited plugin left behind (unless a live process owns
    /// them), and records what it removed: a well-behaved plugin leaves nothing.
    private func removeLeftovers(_ location: Location) {
        guard case .executable = origin, case .unix(let path) = location else { return }
        let lockPath = path + ".lock"
        if let text = FileSystem.readSmallFile(lockPath, limit: 64).map({ String(decoding: $0, as: UTF8.self) }),
           let owner = pid_t(text.filter { !$0.isWhitespace }), owner > 0, kill(owner, 0) == 0 || errno == EPERM {
            return
        }
        let removed = [path, lockPath].filter { (file: String) in unlink(file) == 0 }
        state.withLock { $0.leftBehind = removed }
        if !removed.isEmpty {
            logger.warning("plugin left files behind; removed them", metadata: ["files": "\(removed.joined(separator: ", "))"])
        }
    }

    /// Waits for the current process to exit, for at most `duration`; nil if it did not (or none runs).
    func waitForExit(within duration: Duration) async -> TerminationStatus? {
        guard let process = state.withLock({ $0.process }) else { return nil }
        return try? await withDeadline(duration) { try await process.exit.wait() }
    }
}
