import Logging
import NIOCore
import NIOPosix
import PlugboardProtocol
import Synchronization

/// The supervisor of one out-of-process plugin: the driver of its ``SupervisorStateMachine``. It starts the plugin
/// on demand (through its ``PluginBackend``: spawning the executable, or connecting to a plugin someone else
/// started), shares one start among concurrent callers, bounds every wait by the caller's deadline, notices an exit
/// the moment it happens, restarts with back-off after a crash, and stops the plugin in order (`POST /shutdown`,
/// SIGTERM, SIGKILL, each with a deadline) leaving no process, socket or lock file behind. It also carries the v2
/// events stream to the handlers the host registered.
///
/// Every decision is the machine's; this class only runs what the machine returns, outside its lock.
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

    /// A ready plugin: the start it came from, the connections to it, and the launch that runs it.
    struct Instance: Sendable {
        let generation: Int
        let pool: ConnectionPool
        let launch: any PluginLaunch
    }

    typealias Machine = SupervisorStateMachine<ContinuousClock, Instance>

    let name: String
    /// The executable, manifest file or URL, for messages.
    let path: String
    let origin: Origin
    let capabilities: Capabilities
    /// The schemas contract calls are checked against, as ``LaunchSettings/validation`` asks.
    let endpointSchemas: EndpointSchemas
    let settings: LaunchSettings
    let context: HostContext
    let logger: Logger
    let backend: any PluginBackend
    let state: Mutex<State>
    /// This plugin's metrics, when a metrics backend is bootstrapped.
    let metrics: PluginMetrics?

    struct State: ~Copyable {
        var machine: Machine {
            // `plugboard_plugins` by state follows every move (the hot path only reads the machine).
            didSet {
                let phase = machine.phase
                if phase != countedPhase {
                    gauges?.moved(from: countedPhase, to: phase == .stopped ? nil : phase)
                    countedPhase = phase == .stopped ? nil : phase
                }
            }
        }
        /// The state this plugin is counted in (`plugboard_plugins`); nil once shut down.
        var countedPhase: PluginState?
        let gauges: PluginStateGauges?
        /// Restarts already counted in `plugboard_plugin_restarts_total`.
        var countedRestarts = 0
        var waiters = WaiterTable<Instance>()
        /// Launches that have not ended yet, by generation.
        var launches: [Int: any PluginLaunch] = [:]
        /// The most recent launch, for its pid and exit.
        var latest: (any PluginLaunch)?
        /// How the last process ended.
        var lastExit: (generation: Int, kind: ExitKind)?
        var lastError: String?
        var lastHealth: ContinuousClock.Instant?
        var leftBehind: [String] = []
        /// The sandbox limit the last process passed, when that is how it ended.
        var lastViolation: SandboxViolation?
        /// What the last sandboxed process used.
        var lastUsage: SandboxUsage?
        var handlers: [String: [EventHandler]] = [:]
        var events: (generation: Int, stream: EventStream)?
        /// The last (re)open of the events stream, which the next one waits for: opens go out one at a time, each
        /// with the names of its moment, so the plugin's last subscription is the host's last (PROTOCOL.md §16: a
        /// new events request replaces the current one).
        var eventsOpening: Task<Void, any Error>?
        /// The timer that ends a start nothing else ended, cancelled once it has: a pending timer costs the event
        /// loop a timer update on every tick.
        var startTimer: (generation: Int, timer: Scheduled<Void>)?
    }

    /// Fired when the plugin is shut down, to end its monitor at once.
    let finished = OneShot<Void>()

    init(name: String, path: String, origin: Origin = .executable, capabilities: Capabilities, settings: LaunchSettings, context: HostContext) {
        self.name = name
        self.path = path
        self.origin = origin
        self.capabilities = capabilities
        self.endpointSchemas = EndpointSchemas(capabilities, validation: settings.validation)
        self.settings = settings
        self.context = context
        var logger = context.logger
        logger[metadataKey: "plugin"] = "\(name)"
        self.logger = logger
        switch origin {
        case .executable:
            backend = SpawnedBackend(name: name, path: path, capabilities: capabilities, settings: settings, context: context, logger: logger)
        case .attached(let location):
            backend = AttachedBackend(name: name, path: path, location: location, settings: settings, context: context, logger: logger)
        }
        let machine = Machine(backoff: settings.backoff, idleTimeout: settings.idleTimeout)
        let gauges = context.observability.plugins
        gauges?.moved(from: nil, to: machine.phase)
        self.state = Mutex(State(machine: machine, countedPhase: machine.phase, gauges: gauges))
        self.metrics = context.observability.metrics.map { PluginMetrics(plugin: name, factory: $0) }
    }

    /// A snapshot for listings and status lines.
    var status: PluginStatus {
        state.withLock { state in
            PluginStatus(
                state: state.machine.phase,
                pid: state.latest?.pid,
                location: state.machine.readyResource?.pool.url,
                restarts: state.machine.restarts,
                lastError: state.lastError,
                lastHealthy: state.lastHealth,
                leftBehind: state.leftBehind,
                sandbox: state.latest?.sandbox,
                lastViolation: state.lastViolation,
                lastUsage: state.lastUsage
            )
        }
    }

    // MARK: Calls

    /// Sends a request, starting the plugin first if it is not running. `timeout` (the call timeout by default)
    /// covers waiting for a start, for a connection, sending and receiving. `contract` names the contract a typed
    /// call belongs to, for its span. With no metrics backend and no tracer, this is the call and nothing more.
    func send(_ method: HTTPMethod, _ endpoint: String, body: [UInt8], timeout: Duration? = nil, contract: String? = nil) async throws(PluginError) -> HTTPResponse {
        if metrics == nil, context.observability.tracer == nil {
            return try await transmit(method, endpoint, body: body, timeout: timeout, traceHeaders: [])
        }
        return try await observedSend(method, endpoint, body: body, timeout: timeout, contract: contract)
    }

    /// ``send(_:_:body:timeout:contract:)`` without metrics or spans; `traceHeaders` are header lines of the trace
    /// context to send with the request (empty when none).
    func transmit(_ method: HTTPMethod, _ endpoint: String, body: [UInt8], timeout: Duration?, traceHeaders: [UInt8]) async throws(PluginError) -> HTTPResponse {
        let timeout = timeout ?? settings.callTimeout
        let deadline = ContinuousClock.now + timeout
        var retried = false
        while true {
            let instance = try await ready(by: deadline)
            let isShutdown = method == .post && endpoint == "/shutdown"
            if isShutdown { state.withLock { $0.machine.shutdownSent(generation: instance.generation) } }
            do {
                let response = try await instance.pool.send(method, endpoint, body: body, extraHeaderLines: traceHeaders, deadline: deadline)
                if isShutdown, !(200..<300).contains(response.status) {
                    state.withLock { $0.machine.shutdownRefused(generation: instance.generation) }
                }
                return response
            } catch {
                if isShutdown, ConnectionPool.neverReachedPlugin(error) {
                    state.withLock { $0.machine.shutdownRefused(generation: instance.generation) }
                }
                // The plugin stopped (its idle timeout, or a stop) just as the call came, and no byte of the call
                // reached it: start it again, once, as if the call had come a moment later.
                if !retried, ConnectionPool.neverReachedPlugin(error), await endedCleanly(instance, by: deadline) {
                    retried = true
                    continue
                }
                throw await classify(error, call: "\(method.rawValue) \(endpoint)", instance: instance, timeout: timeout, deadline: deadline)
            }
        }
    }

    /// The pool of a ready plugin, starting it when needed; concurrent callers share one start. Waits at most for
    /// the longest back-off and the startup timeout.
    func readyPool() async throws(PluginError) -> ConnectionPool {
        try await ready(by: .now + settings.startupTimeout + settings.backoff.maximum + .seconds(1)).pool
    }

    /// The ready plugin, by `deadline`.
    func ready(by deadline: ContinuousClock.Instant) async throws(PluginError) -> Instance {
        enum Step {
            case use(Instance)
            case wait(Int, Effects)
            case fail(SupervisorFailure)
        }
        // The hot path: one lock, one read, no enum to build.
        if let instance = state.withLock({ $0.machine.readyResource }) { return instance }
        let step = state.withLock { state -> Step in
            if let instance = state.machine.readyResource { return .use(instance) }
            let id = state.waiters.makeID()
            switch state.machine.call(id: id, deadline: deadline, now: .now) {
            case .use(let instance): return .use(instance)
            case .fail(let failure): return .fail(failure)
            case .wait(let actions): return .wait(id, prepare(actions, &state))
            }
        }
        switch step {
        case .use(let instance):
            return instance
        case .fail(let failure):
            throw error(for: failure, phase: .stopped)
        case .wait(let id, let effects):
            perform(effects)
            do {
                return try await wait(id, deadline: deadline)
            } catch let error as PluginError {
                throw error
            } catch {
                // The machine hands waiters their errors; only a cancellation of the wait itself lands here.
                throw self.error(for: .cancelled, phase: .starting)
            }
        }
    }

    /// Waits to be handed the ready plugin, until `deadline` or the task's cancellation.
    private func wait(_ id: Int, deadline: ContinuousClock.Instant) async throws -> Instance {
        try await parkedWait(
            until: deadline, on: context.group.next(),
            park: { continuation, timer in state.withLock { $0.waiters.park(id, continuation, timer: timer) } },
            // The timer runs on NIO's clock: when it fires, the deadline has come, even if this clock reads a hair less.
            expire: { [self] in apply { $0.machine.timerFired(now: max(.now, deadline)) } },
            cancel: { apply { $0.machine.cancel(id: id) } }
        )
    }

    // MARK: Running the machine's actions

    /// What to do outside the lock after an event.
    struct Effects: Sendable {
        var abort: (any PluginLaunch)?
        var graceful: Instance?
        var close: Instance?
        var start: Int?
        var resumptions: [Resumption<Instance>] = []
        var timer: ContinuousClock.Instant?
    }

    /// Feeds the machine one event (with whatever else must change under the same lock) and runs what it returns.
    @discardableResult
    func apply(_ event: (inout State) -> Machine.Actions) -> Effects {
        let effects = state.withLock { state in prepare(event(&state), &state) }
        perform(effects)
        return effects
    }

    /// Turns the machine's actions into effects, handing waiters their results under the lock.
    private func prepare(_ actions: Machine.Actions, _ state: inout State) -> Effects {
        var effects = Effects()
        switch actions.stop {
        case .abort(let generation)?: effects.abort = state.launches[generation]
        case .graceful(_, let instance)?: effects.graceful = instance
        case nil: break
        }
        effects.close = actions.close
        effects.start = actions.start
        effects.timer = actions.timer
        let phase = state.machine.phase
        for (id, result) in actions.resume {
            let mapped = result.mapError { self.error(for: $0, phase: phase) as any Error }
            if let resumption = state.waiters.complete(id, with: mapped) { effects.resumptions.append(resumption) }
        }
        return effects
    }

    /// Runs effects in the machine's order: stop, close, start, resume, timer. A graceful stop is the caller's to
    /// await (``stop()``, ``shutdown()``).
    private func perform(_ effects: Effects) {
        effects.abort?.abort()
        if let instance = effects.close {
            instance.pool.close()
            closeEvents(generation: instance.generation)
        }
        if let generation = effects.start { beginStart(generation) }
        for resumption in effects.resumptions { resumption.resume() }
        if let timer = effects.timer {
            context.group.next().scheduleTask(deadline: NIODeadline(timer)) { [self] in
                _ = apply { $0.machine.timerFired(now: max(.now, timer)) }
            }
        }
    }

    /// The error a waiting caller gets.
    private func error(for failure: SupervisorFailure, phase: PluginState) -> PluginError {
        switch failure {
        case .timedOut:
            let now = phase == .crashed ? "it is backing off after a crash" : "still \(phase.rawValue); its startup timeout is \(settings.startupTimeout)"
            return PluginError(.timeout, plugin: name, path: path, message: "did not become ready within the call's deadline (\(now))")
        case .cancelled:
            return PluginError(.cancelled, plugin: name, path: path, message: "the call was cancelled while it waited for the plugin to start")
        case .stopped:
            return PluginError(.stopped, plugin: name, path: path, message: "was stopped while starting")
        case .shutDown:
            return PluginError(.shutDown, plugin: name, path: path, message: "is shut down")
        case .startFailed(let error):
            return error
        case .exitedDuringStart(let exit):
            return PluginError(
                .exitedDuringStartup, plugin: name, path: path,
                message: "exited (\(exit)) before it became ready" + (exit.stderrTail.isEmpty ? "" : "; its stderr ended with:\n\(exit.stderrTail)")
            )
        }
    }

    // MARK: Starting

    /// Begins start `generation`: a launch, registered before it begins so that a stop or shutdown can end it, and a
    /// job of the manager's runner that waits for it to be ready. A timer ends the start if nothing else has by the
    /// startup deadline (a runner that never runs its jobs, say).
    private func beginStart(_ generation: Int) {
        let deadline = ContinuousClock.now + settings.startupTimeout
        let launch = backend.makeLaunch(generation: generation) { [self] exit in exited(generation, exit) }
        let accepted = state.withLock { state -> Bool in
            guard case .starting(generation, _) = state.machine.state else { return false }
            state.launches[generation] = launch
            state.latest = launch
            if let metrics {
                metrics.starts.increment()
                if state.machine.restarts > state.countedRestarts {
                    metrics.restarts.increment(by: state.machine.restarts - state.countedRestarts)
                    state.countedRestarts = state.machine.restarts
                }
            }
            return true
        }
        guard accepted else {
            // Stopped (or shut down) between the machine's decision and this: no launch was made, so no exit
            // will end the stop; the abandoned start does.
            startFailed(generation, launch: launch, error: error(for: .stopped, phase: .stopping))
            return
        }
        do {
            try launch.begin()
        } catch {
            startFailed(generation, launch: launch, error: error)
            return
        }
        let overdue = context.group.next().scheduleTask(deadline: NIODeadline(deadline + .seconds(1))) { [self] in
            let stillStarting = state.withLock { state -> Bool in
                if case .starting(generation, _) = state.machine.state { return true }
                return false
            }
            guard stillStarting else { return }
            let message = context.runner.hasStarted
                ? "did not become ready within \(settings.startupTimeout); killed it"
                : "cannot start: the plugin manager is not running (use PluginManager.withManager, or run() it)"
            startFailed(generation, launch: launch, error: PluginError(context.runner.hasStarted ? .startupTimeout : .notRunning, plugin: name, path: path, message: message))
        }
        let cancelNow = state.withLock { state -> Bool in
            guard case .starting(generation, _) = state.machine.state else { return true }
            state.startTimer = (generation, overdue)
            return false
        }
        if cancelNow { overdue.cancel() }
        let submitted = context.runner.submit { [self] in
            do {
                let pool = try await launch.ready(by: deadline)
                await becomeReady(generation, pool: pool, launch: launch, by: deadline)
            } catch {
                startFailed(generation, launch: launch, error: error as? PluginError ?? PluginError(.spawnFailed, plugin: name, path: path, message: "\(error)"))
            }
        }
        if !submitted {
            startFailed(generation, launch: launch, error: PluginError(.notRunning, plugin: name, path: path, message: "cannot start: the plugin manager is not running"))
        }
    }

    /// Makes start `generation` ready. The events stream opens first, so that a caller resumed by the start can
    /// have the plugin notify at once; a failure to open it is logged (calls work without it).
    private func becomeReady(_ generation: Int, pool: ConnectionPool, launch: any PluginLaunch, by deadline: ContinuousClock.Instant) async {
        defer { cancelStartTimer(generation) }
        var events: (EventStream, names: Set<String>)?
        do {
            // Within what is left of the start's deadline: a slow events endpoint must not fail the start.
            events = try await connectEvents(at: pool.location, timeout: max(deadline - .now, .milliseconds(1)))
        } catch {
            logger.error("cannot open the events stream", metadata: ["error": "\(error)"])
        }
        var listening: Set<String> = []
        let effects = apply { state in
            let actions = state.machine.startSucceeded(generation: generation, resource: Instance(generation: generation, pool: pool, launch: launch), now: .now)
            if actions.close == nil {
                state.lastHealth = .now
                state.lastError = nil
                if let events { state.events = (generation, events.0) }
                listening = Set(state.handlers.keys)
            }
            return actions
        }
        guard effects.close == nil else {
            events?.0.close()
            return
        }
        metrics?.startupDuration.recordNanoseconds((ContinuousClock.now - (deadline - settings.startupTimeout)).nanoseconds)
        if let events {
            do { try startDelivering(events.0) } catch { logger.error("cannot deliver events", metadata: ["error": "\(error)"]) }
        }
        // A handler registered while the stream opened: open it again with every name.
        if listening != (events?.names ?? []) {
            do { try await openEvents(at: pool.location, generation: generation) } catch {
                logger.error("cannot open the events stream", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Cancels the start timer of `generation`, if it is the one pending.
    private func cancelStartTimer(_ generation: Int) {
        let timer = state.withLock { state -> Scheduled<Void>? in
            guard let pending = state.startTimer, pending.generation == generation else { return nil }
            state.startTimer = nil
            return pending.timer
        }
        timer?.cancel()
    }

    private func startFailed(_ generation: Int, launch: any PluginLaunch, error: PluginError) {
        cancelStartTimer(generation)
        apply { state in
            if launch.isOver { state.launches[generation] = nil }
            if case .starting(generation, _) = state.machine.state { state.lastError = error.message }
            return state.machine.startFailed(generation: generation, error: error, now: .now)
        }
    }

    /// Called once when the process of `generation` has exited (or an attached plugin was let go).
    private func exited(_ generation: Int, _ exit: ProcessExit) {
        cancelStartTimer(generation)
        var launch: (any PluginLaunch)?
        var kind: ExitKind?
        apply { state in
            launch = state.launches.removeValue(forKey: generation)
            let ready = state.machine.readyResource.flatMap { $0.generation == generation ? $0 : nil }
            let actions = state.machine.exited(generation: generation, exit: exit, quietFor: ready?.pool.quietFor, now: .now)
            kind = actions.exit
            if let kind { state.lastExit = (generation, kind) }
            if kind == .crash || kind == .duringStart { state.lastError = "exited (\(exit))" }
            state.lastViolation = exit.status.violation
            if let usage = exit.status.usage { state.lastUsage = usage }
            return actions
        }
        closeEvents(generation: generation)
        if let location = launch?.location {
            let removed = backend.removeLeftovers(at: location, of: launch?.pid)
            state.withLock { $0.leftBehind = removed }
        }
        switch kind {
        case .crash?: metrics?.crashes.increment()
        case .idle?: metrics?.idleStops.increment()
        default: break
        }
        switch kind {
        case .crash?:
            logger.error("plugin exited unexpectedly (\(exit))", metadata: ["stderr": "\(exit.stderrTail)"])
        case .idle?:
            logger.debug("plugin stopped itself while idle (\(exit))")
        case .duringStart?:
            logger.debug("plugin exited before it became ready (\(exit))")
        case .requested?, nil:
            logger.debug("plugin exited (\(exit))")
        }
    }

    // MARK: Stopping

    /// Stops the plugin's process (`unload`, ``PluginHandle/stop()``): `POST /shutdown`, then SIGTERM, then SIGKILL,
    /// each with a deadline. Callers waiting for a start fail with `stopped`; the next call starts it again. Returns
    /// once the process has exited (a stop already under way is waited for).
    func stop() async {
        var target: (any PluginLaunch)?
        let effects = apply { state in
            let actions = state.machine.stop()
            if case .stopping(let generation, _) = state.machine.state { target = state.launches[generation] }
            return actions
        }
        let shutdownTimeout = settings.shutdownTimeout
        await shielded { [self, target] in
            if let instance = effects.graceful {
                closeEvents(generation: instance.generation)
                await instance.launch.stop(pool: instance.pool, timeout: shutdownTimeout)
                instance.pool.close()
            }
            _ = await target?.waitForExit(within: shutdownTimeout * 2 + .seconds(10))
        }
    }

    /// Stops the plugin for good: waiting callers fail with `shutDown`, a running process is stopped in order, a
    /// starting one is killed, and this returns once every process it started has exited (each wait bounded).
    func shutdown() async {
        var live: [any PluginLaunch] = []
        let effects = apply { state in
            let actions = state.machine.shutdown()
            live = Array(state.launches.values)
            return actions
        }
        finished.succeed(())
        closeAllEvents()
        let shutdownTimeout = settings.shutdownTimeout
        await shielded { [live] in
            if let instance = effects.graceful {
                await instance.launch.stop(pool: instance.pool, timeout: shutdownTimeout)
                instance.pool.close()
            }
            let bound = shutdownTimeout * 2 + .seconds(10)
            await withTaskGroup(of: Void.self) { group in
                for launch in live {
                    group.addTask {
                        if await launch.waitForExit(within: bound) == nil {
                            launch.abort()
                            _ = await launch.waitForExit(within: .seconds(5))
                        }
                    }
                }
            }
        }
    }

    /// Runs a stop sequence as a job of the manager's runner, so that a caller cancelled meanwhile gets control
    /// back without cutting the sequence's grace periods short (a cancelled task's waits end at once, and the plugin
    /// would get SIGKILL straight after `POST /shutdown`). The caller waits for it unless cancelled; when the runner
    /// takes no more jobs (or never ran), the sequence runs in the caller's task.
    private func shielded(_ sequence: @escaping @Sendable () async -> Void) async {
        let done = OneShot<Void>()
        // A runner that never ran would queue the job for ever.
        if context.runner.hasStarted, context.runner.submit({ await sequence(); done.succeed(()) }) {
            _ = try? await done.wait()
        } else {
            await sequence()
        }
    }

    /// Waits for the current process to exit, for at most `duration`; nil if it did not (or none ran).
    func waitForExit(within duration: Duration) async -> ProcessExit? {
        guard let launch = state.withLock({ $0.latest }) else { return nil }
        return await launch.waitForExit(within: duration)
    }

    // MARK: Failures

    /// Whether the instance's process ended (within a moment) in an exit that was not a crash.
    private func endedCleanly(_ instance: Instance, by deadline: ContinuousClock.Instant) async -> Bool {
        guard await instance.launch.waitForExit(within: Self.exitWait(until: deadline)) != nil else { return false }
        return state.withLock { state in
            guard let last = state.lastExit, last.generation == instance.generation else { return false }
            return last.kind == .idle || last.kind == .requested
        }
    }

    /// Turns a transport failure into a ``PluginError`` that says whether the plugin crashed.
    /// How long a failed call may wait for the process's exit to tell what happened: an exit follows a dying
    /// connection within milliseconds on an idle machine, but a loaded one can take a second to schedule the
    /// launcher and the host's reaper (at 500 ms, crashes under a full test run were reported as dropped
    /// connections); never past the call's deadline. Only a connection that fails with the process alive waits
    /// all of it.
    static func exitWait(until deadline: ContinuousClock.Instant) -> Duration {
        min(.seconds(2), max(.zero, deadline - .now))
    }

    private func classify(_ error: any Error, call: String, instance: Instance, timeout: Duration, deadline: ContinuousClock.Instant) async -> PluginError {
        switch error {
        case let error as PluginError:
            return error
        case HTTPClientFailure.timedOut:
            return PluginError(.timeout, plugin: name, path: path, message: "\(call) did not answer within \(timeout)")
        case PoolFailure.timedOut:
            return PluginError(.timeout, plugin: name, path: path, message: "\(call) got no connection within \(timeout) (all \(settings.maxConnections) were busy)")
        case PoolFailure.backlogFull(let tries):
            return PluginError(.timeout, plugin: name, path: path, message: "\(call) got no connection within \(timeout): the plugin's listen queue stayed full (\(tries) connects refused with EAGAIN; it accepts connections slower than they come)")
        case HTTPClientFailure.invalidPath(let bad):
            return PluginError(.invalidRequest, plugin: name, path: path, message: "\(call.prefix { $0 != " " }) \(bad.debugDescription): a path may hold no spaces, control characters or non-ASCII bytes (percent-encode them)")
        case HTTPClientFailure.responseTooLarge(let limit):
            return PluginError(.responseTooLarge, plugin: name, path: path, message: "response to \(call) is larger than \(limit) bytes")
        case PoolFailure.overloaded(let limit):
            return PluginError(.overloaded, plugin: name, path: path, message: "\(call) refused: \(limit) calls already wait for one of its \(settings.maxConnections) connections")
        case is CancellationError, PoolFailure.cancelled:
            return PluginError(.cancelled, plugin: name, path: path, message: "\(call) was cancelled by its caller")
        case _ where TLSFailure.describe(error) != nil:
            // The handshake failed, or the plugin refused the host's certificate: no exit to wait for.
            return PluginError(.tls, plugin: name, path: path, message: "\(call) to \(instance.pool.url) failed: \(Self.reason(error))")
        default:
            // A connection that dies mid-call (or a pool closed under it) usually means the process died: wait
            // briefly for the exit to tell.
            if let exit = await instance.launch.waitForExit(within: Self.exitWait(until: deadline)) {
                let kind = state.withLock { state in state.lastExit.flatMap { $0.generation == instance.generation ? $0.kind : nil } }
                if kind == .requested {
                    return PluginError(.stopped, plugin: name, path: path, message: "was stopped during \(call)")
                }
                if backend.ownsProcess {
                    return PluginError(.crashed, plugin: name, path: path, message: "exited (\(exit)) during \(call)")
                }
            }
            return PluginError(Self.code(for: error), plugin: name, path: path, message: "\(call) failed: \(Self.reason(error))")
        }
    }

    /// The code of a failure to reach a plugin: `tls` for a TLS failure, `connection` for any other.
    static func code(for error: any Error) -> PluginError.Code {
        TLSFailure.describe(error) == nil ? .connection : .tls
    }

    static func reason(_ error: any Error) -> String {
        if let tls = TLSFailure.describe(error) { return tls }
        if let error = error as? ConnectFailure { return reason(error.underlying) }
        // NIO's own description can read "connection reset (error set): Connection refused) (errno: 111)".
        if let error = error as? IOError { return "\(String(cString: strerror(error.errnoCode)).lowercased()) (errno \(error.errnoCode))" }
        if let error = error as? NIOConnectionError, let first = error.connectionErrors.first { return reason(first.error) }
        return "\(error)"
    }
}
