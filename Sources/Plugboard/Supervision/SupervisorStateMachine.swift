/// The life of one supervised plugin as a pure state machine: it takes events (a call, a start's outcome, a process
/// exit, a stop, a shutdown, a timer) and returns what to do, which its driver (``ExternalPlugin``) runs outside its
/// lock. It owns no process, socket or task and reads no clock, so every transition is unit-tested with a manual
/// clock.
///
/// ```
///                 call                      startSucceeded
///  idle ──────────────────────▶ starting ─────────────────────────▶ ready
///  (discovered, stopped,          │ exited / startFailed              │  exited: idle or requested ─▶ idle
///   idleStopped, crashed          ▼                                   │  exited: crash ─▶ idle(crashed)
///   after its back-off)      idle(crashed)                            │ stop
///                                 │ call before retryAt               ▼
///                                 ▼                               stopping ──exited──▶ idle(stopped),
///                            backingOff ──timerFired──▶ starting           or starting if calls waited
///  shutdown: from any state to shutDown; every waiter fails with `shutDown`.
/// ```
///
/// docs/LIFECYCLE.md draws the same diagram with every event and action.
struct SupervisorStateMachine<C: Clock, Resource> where C.Duration == Duration {
    /// A caller waiting for the plugin to be ready.
    struct Waiter {
        var id: Int
        var deadline: C.Instant
    }

    /// Why a plugin is not running.
    enum Rest: Hashable {
        /// Registered, never started (or lazy).
        case discovered
        /// It stopped by itself with no call in flight (idle timeout).
        case idleStopped
        /// The host stopped it (`stop()`, `unload`); it starts again on the next call.
        case stopped
        /// It crashed or failed to start; the next start waits for ``SupervisorStateMachine/retryAt``.
        case crashed
    }

    /// A ready plugin.
    struct Ready {
        var generation: Int
        var resource: Resource
        var since: C.Instant
        /// A `POST /shutdown` was sent to it: whatever status it exits with next, it was asked to.
        var shutdownSent = false
    }

    /// Where the plugin is.
    enum State {
        /// Not running.
        case idle(Rest)
        /// Crashed, and a call came before the back-off ended: the start begins at `until`.
        case backingOff(until: C.Instant, waiters: [Waiter])
        /// A process is being spawned and waited for (or a connection made, for an attached plugin).
        case starting(generation: Int, waiters: [Waiter])
        /// Serving calls.
        case ready(Ready)
        /// A requested stop is under way. Calls that arrive meanwhile wait, and a new process starts for them once
        /// this one has exited.
        case stopping(generation: Int, waiters: [Waiter])
        /// Shut down for good.
        case shutDown
    }

    /// How a start is to be ended.
    enum Stop {
        /// Ask the ready process to stop: `POST /shutdown`, SIGTERM, SIGKILL, each with a deadline.
        case graceful(generation: Int, Resource)
        /// Kill the process of a start that is abandoned.
        case abort(generation: Int)
    }

    /// What the driver must do after an event, in this order: stop, close, start, resume, timer.
    struct Actions {
        /// Stop a process.
        var stop: Stop?
        /// Close a ready plugin's resource (its connection pool): the process behind it is gone or going.
        var close: Resource?
        /// Begin a start of this generation: spawn the process, or connect to the attached plugin.
        var start: Int?
        /// Waiting callers to resume, with the ready resource or a failure.
        var resume: [(id: Int, result: Result<Resource, SupervisorFailure>)] = []
        /// Call ``SupervisorStateMachine/timerFired(now:)`` at this instant (the end of a back-off).
        var timer: C.Instant?
        /// How an exit was classified, for the log and the status.
        var exit: ExitKind?
    }

    /// What a call should do.
    enum CallDecision {
        /// The plugin is ready: use this resource.
        case use(Resource)
        /// Wait to be resumed (run the actions first; the driver also arms the waiter's deadline).
        case wait(Actions)
        /// Fail at once.
        case fail(SupervisorFailure)
    }

    private(set) var state: State = .idle(.discovered) {
        didSet {
            if case .ready(let ready) = state { readyResource = ready.resource } else { readyResource = nil }
        }
    }
    /// The ready resource, if ready: the hot path of every call reads this, not the whole state.
    private(set) var readyResource: Resource?
    /// The number of the latest start; events about older ones are ignored.
    private(set) var generation = 0
    /// Starts after a crash or a failed start.
    private(set) var restarts = 0
    /// Crashes in a row, each of a process that had been ready for less than the back-off's stable period.
    private(set) var consecutiveCrashes = 0
    /// The earliest moment of the next start, after a crash.
    private(set) var retryAt: C.Instant?
    /// The restart back-off.
    let backoff: RestartBackoff
    /// The plugin's idle timeout, to tell an idle exit from a crash.
    let idleTimeout: Duration?

    init(backoff: RestartBackoff = RestartBackoff(), idleTimeout: Duration? = nil) {
        self.backoff = backoff
        self.idleTimeout = idleTimeout
    }

    // MARK: Events

    /// A caller wants the plugin ready, by `deadline`.
    mutating func call(id: Int, deadline: C.Instant, now: C.Instant) -> CallDecision {
        switch state {
        case .ready(let ready):
            return .use(ready.resource)
        case .shutDown:
            return .fail(.shutDown)
        case .idle(let rest):
            let waiter = Waiter(id: id, deadline: deadline)
            if rest == .crashed, let retryAt, now < retryAt {
                state = .backingOff(until: retryAt, waiters: [waiter])
                var actions = Actions()
                actions.timer = retryAt
                return .wait(actions)
            }
            var actions = Actions()
            actions.start = beginStart(waiters: [waiter], afterCrash: rest == .crashed)
            return .wait(actions)
        case .backingOff(let until, var waiters):
            waiters.append(Waiter(id: id, deadline: deadline))
            state = .backingOff(until: until, waiters: waiters)
            return .wait(Actions())
        case .starting(let generation, var waiters):
            waiters.append(Waiter(id: id, deadline: deadline))
            state = .starting(generation: generation, waiters: waiters)
            return .wait(Actions())
        case .stopping(let generation, var waiters):
            waiters.append(Waiter(id: id, deadline: deadline))
            state = .stopping(generation: generation, waiters: waiters)
            return .wait(Actions())
        }
    }

    /// Start `generation` made the plugin ready.
    mutating func startSucceeded(generation: Int, resource: Resource, now: C.Instant) -> Actions {
        var actions = Actions()
        guard case .starting(generation, let waiters) = state else {
            // Stopped, shut down or given up on meanwhile: the process and its resource have no use.
            actions.stop = .abort(generation: generation)
            actions.close = resource
            return actions
        }
        state = .ready(Ready(generation: generation, resource: resource, since: now))
        actions.resume = waiters.map { ($0.id, .success(resource)) }
        return actions
    }

    /// Start `generation` failed (no location, no healthy `/healthz` in time, spawn error), or never began (the
    /// driver found the start abandoned before it made its launch). During a requested stop this ends the stop,
    /// as the process's exit would: there is no process to wait for.
    mutating func startFailed(generation: Int, error: PluginError, now: C.Instant) -> Actions {
        switch state {
        case .starting(generation, let waiters):
            var actions = crashed(now: now, uptime: nil)
            actions.stop = .abort(generation: generation)
            actions.resume = waiters.map { ($0.id, .failure(.startFailed(error))) }
            return actions
        case .stopping(generation, _):
            var actions = stopEnded()
            actions.stop = .abort(generation: generation)
            return actions
        default:
            return Actions()
        }
    }

    /// The process of `generation` exited. `quietFor` is how long no call had been in flight (nil: calls were in
    /// flight).
    mutating func exited(generation: Int, exit: ProcessExit, quietFor: Duration?, now: C.Instant) -> Actions {
        switch state {
        case .starting(generation, let waiters):
            var actions = crashed(now: now, uptime: nil)
            actions.exit = .duringStart
            actions.resume = waiters.map { ($0.id, .failure(.exitedDuringStart(exit))) }
            return actions
        case .ready(let ready) where ready.generation == generation:
            let kind = classify(exit, ready: ready, quietFor: quietFor)
            var actions: Actions
            switch kind {
            case .crash:
                actions = crashed(now: now, uptime: ready.since.duration(to: now))
            case .idle, .requested, .duringStart:
                actions = Actions()
                consecutiveCrashes = 0
                retryAt = nil
                state = .idle(kind == .idle ? .idleStopped : .stopped)
            }
            actions.exit = kind
            actions.close = ready.resource
            return actions
        case .stopping(generation, _):
            return stopEnded()
        case .shutDown:
            // Shut down for good: whatever the status, the host asked for it.
            var actions = Actions()
            actions.exit = .requested
            return actions
        default:
            return Actions()
        }
    }

    /// A `POST /shutdown` is going to the ready process of `generation`: its exit is one the host asked for.
    /// (Marked before it is sent: the plugin may exit before its answer is read.)
    mutating func shutdownSent(generation: Int) {
        guard case .ready(var ready) = state, ready.generation == generation else { return }
        ready.shutdownSent = true
        state = .ready(ready)
    }

    /// That `POST /shutdown` was refused or never delivered: the next exit is judged on its own again.
    mutating func shutdownRefused(generation: Int) {
        guard case .ready(var ready) = state, ready.generation == generation else { return }
        ready.shutdownSent = false
        state = .ready(ready)
    }

    /// A requested stop (`stop()`, `unload`): callers waiting for a start fail with ``SupervisorFailure/stopped``.
    mutating func stop() -> Actions {
        var actions = Actions()
        switch state {
        case .idle(.crashed):
            // Nothing runs; the stop ends the crash series all the same.
            consecutiveCrashes = 0
            retryAt = nil
            state = .idle(.stopped)
        case .idle, .stopping, .shutDown:
            break
        case .backingOff(_, let waiters):
            consecutiveCrashes = 0
            retryAt = nil
            state = .idle(.stopped)
            actions.resume = waiters.map { ($0.id, .failure(.stopped)) }
        case .starting(let generation, let waiters):
            state = .stopping(generation: generation, waiters: [])
            actions.stop = .abort(generation: generation)
            actions.resume = waiters.map { ($0.id, .failure(.stopped)) }
        case .ready(let ready):
            state = .stopping(generation: ready.generation, waiters: [])
            actions.stop = .graceful(generation: ready.generation, ready.resource)
        }
        return actions
    }

    /// Shut down for good: every waiter fails with ``SupervisorFailure/shutDown``, a running process is stopped.
    mutating func shutdown() -> Actions {
        var actions = Actions()
        switch state {
        case .idle, .shutDown:
            break
        case .backingOff(_, let waiters):
            actions.resume = waiters.map { ($0.id, .failure(.shutDown)) }
        case .starting(let generation, let waiters):
            actions.stop = .abort(generation: generation)
            actions.resume = waiters.map { ($0.id, .failure(.shutDown)) }
        case .ready(let ready):
            actions.stop = .graceful(generation: ready.generation, ready.resource)
        case .stopping(_, let waiters):
            actions.resume = waiters.map { ($0.id, .failure(.shutDown)) }
        }
        state = .shutDown
        return actions
    }

    /// A timer fired: waiters whose deadline has passed fail with ``SupervisorFailure/timedOut``, and a back-off
    /// that has ended begins its start.
    mutating func timerFired(now: C.Instant) -> Actions {
        var actions = Actions()
        let expired = removeWaiters { $0.deadline <= now }
        actions.resume = expired.map { ($0.id, .failure(.timedOut)) }
        if case .backingOff(let until, let waiters) = state {
            if waiters.isEmpty {
                // Nobody waits any more: the next call starts it (restarts stay on demand).
                state = .idle(.crashed)
            } else if now >= until {
                actions.start = beginStart(waiters: waiters, afterCrash: true)
            }
        }
        return actions
    }

    /// The caller `id` was cancelled: it stops waiting.
    mutating func cancel(id: Int) -> Actions {
        var actions = Actions()
        let removed = removeWaiters { $0.id == id }
        actions.resume = removed.map { ($0.id, .failure(.cancelled)) }
        if case .backingOff(_, let waiters) = state, waiters.isEmpty { state = .idle(.crashed) }
        return actions
    }

    // MARK: Helpers

    /// A requested stop is over: the plugin rests, or starts again for the calls that came meanwhile.
    private mutating func stopEnded() -> Actions {
        guard case .stopping(_, let waiters) = state else { return Actions() }
        consecutiveCrashes = 0
        retryAt = nil
        var actions = Actions()
        actions.exit = .requested
        if waiters.isEmpty {
            state = .idle(.stopped)
        } else {
            actions.start = beginStart(waiters: waiters, afterCrash: false)
        }
        return actions
    }

    private mutating func beginStart(waiters: [Waiter], afterCrash: Bool) -> Int {
        generation += 1
        if afterCrash { restarts += 1 }
        state = .starting(generation: generation, waiters: waiters)
        return generation
    }

    /// Records a crash (or a failed start, `uptime` nil) and goes idle until the back-off ends.
    private mutating func crashed(now: C.Instant, uptime: Duration?) -> Actions {
        if let uptime, uptime >= backoff.stablePeriod {
            consecutiveCrashes = 1
        } else {
            consecutiveCrashes += 1
        }
        retryAt = now.advanced(by: backoff.delay(afterConsecutiveCrashes: consecutiveCrashes))
        state = .idle(.crashed)
        return Actions()
    }

    private func classify(_ exit: ProcessExit, ready: Ready, quietFor: Duration?) -> ExitKind {
        if ready.shutdownSent { return .requested }
        // A clean exit is a stop of its own (the SDK finishes the requests in flight first); a call that raced it
        // without reaching the plugin is sent again on a new start.
        if exit.isSuccess { return .idle }
        // A process that dies with calls in flight fails them: a crash.
        guard let quietFor else { return .crash }
        // A failure status after a quiet spell as long as the idle timeout is the plugin's idle timer, not a crash.
        if let idleTimeout, quietFor >= idleTimeout - Self.idleSlack(idleTimeout) { return .idle }
        return .crash
    }

    /// How much shorter than the idle timeout the host's quiet spell may be for an exit to count as idle: the host
    /// sees the last call end after the plugin does, by its scheduling delay, which on a loaded machine is tens or
    /// hundreds of milliseconds (more than half a second was seen under a full test run beside two builds). 10% of
    /// the timeout, and never less than a second.
    static func idleSlack(_ idleTimeout: Duration) -> Duration {
        max(idleTimeout * 0.1, .seconds(1))
    }

    /// Removes the waiters that match from whichever state holds them.
    private mutating func removeWaiters(where predicate: (Waiter) -> Bool) -> [Waiter] {
        func split(_ waiters: [Waiter]) -> (removed: [Waiter], kept: [Waiter]) {
            var removed: [Waiter] = []
            var kept: [Waiter] = []
            for waiter in waiters { if predicate(waiter) { removed.append(waiter) } else { kept.append(waiter) } }
            return (removed, kept)
        }
        switch state {
        case .backingOff(let until, let waiters):
            let (removed, kept) = split(waiters)
            state = .backingOff(until: until, waiters: kept)
            return removed
        case .starting(let generation, let waiters):
            let (removed, kept) = split(waiters)
            state = .starting(generation: generation, waiters: kept)
            return removed
        case .stopping(let generation, let waiters):
            let (removed, kept) = split(waiters)
            state = .stopping(generation: generation, waiters: kept)
            return removed
        case .idle, .ready, .shutDown:
            return []
        }
    }
}
