@testable import Plugboard
import Testing

/// The supervisor's state machine, driven event by event with a manual clock: no processes, no sleeps.
@Suite("Supervisor state machine")
struct SupervisorStateMachineTests {
    typealias Machine = SupervisorStateMachine<ManualClock, String>

    /// A machine whose plugin is ready (generation 1, resource "pool-1") since `at`.
    static func ready(at instant: ManualClock.Instant = t(0), idleTimeout: Duration? = nil) -> Machine {
        var machine = Machine(idleTimeout: idleTimeout)
        _ = machine.call(id: 1, deadline: t(100), now: instant)
        _ = machine.startSucceeded(generation: 1, resource: "pool-1", now: instant)
        return machine
    }

    static func ids(_ actions: Machine.Actions) -> [Int] { actions.resume.map(\.id) }

    static func failures(_ actions: Machine.Actions) -> [String] {
        actions.resume.map { entry in
            switch entry.result {
            case .success(let resource): return "ok \(resource)"
            case .failure(let failure): return "\(failure)"
            }
        }
    }

    static func isWait(_ decision: Machine.CallDecision) -> Machine.Actions? {
        if case .wait(let actions) = decision { return actions }
        return nil
    }

    @Test("a call starts an idle plugin; calls that come while it starts share the start and are resumed in order")
    func callsQueuedWhileStarting() throws {
        var machine = Machine()
        let first = try #require(Self.isWait(machine.call(id: 1, deadline: t(10), now: t(0))))
        #expect(first.start == 1)
        #expect(machine.phase == .starting)
        for id in 2...4 {
            let later = try #require(Self.isWait(machine.call(id: id, deadline: t(10), now: t(0.1))))
            #expect(later.start == nil, "a second start was begun")
        }
        let ready = machine.startSucceeded(generation: 1, resource: "pool-1", now: t(0.2))
        #expect(Self.ids(ready) == [1, 2, 3, 4])
        #expect(Self.failures(ready) == Array(repeating: "ok pool-1", count: 4))
        guard case .use("pool-1") = machine.call(id: 5, deadline: t(10), now: t(0.3)) else {
            Issue.record("a ready plugin's call should use its pool")
            return
        }
        #expect(machine.phase == .ready)
        #expect(machine.restarts == 0)
    }

    @Test("back-off doubles with each crash in a row, up to the maximum; a call during it waits for the timer")
    func backoffSchedule() throws {
        var machine = Machine(backoff: RestartBackoff(initial: .milliseconds(100), maximum: .milliseconds(400), stablePeriod: .seconds(10)))
        var now = t(0)
        var delays: [Duration] = []
        for generation in 1...5 {
            // The call comes as soon as the previous back-off allows.
            let decision = machine.call(id: generation, deadline: now.advanced(by: .seconds(60)), now: now)
            var actions = try #require(Self.isWait(decision))
            if let timer = actions.timer {
                #expect(machine.phase == .crashed)
                #expect(machine.timerFired(now: timer.advanced(by: .milliseconds(-1))).start == nil, "started before the back-off ended")
                actions = machine.timerFired(now: timer)
                now = timer
            }
            #expect(actions.start == generation)
            _ = machine.startSucceeded(generation: generation, resource: "pool-\(generation)", now: now)
            // It crashes one second after it became ready: inside the stable period, so the series goes on.
            now = now.advanced(by: .seconds(1))
            _ = machine.exited(generation: generation, exit: .failure(3), quietFor: .milliseconds(5), now: now)
            delays.append(try #require(machine.retryAt).offset - now.offset)
        }
        #expect(delays == [.milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(400), .milliseconds(400)])
        #expect(machine.consecutiveCrashes == 5)
        #expect(machine.restarts == 4, "restarts counts starts after a crash")
    }

    @Test("a crash after the stable period starts a new series: the next start waits the initial delay only")
    func backoffReset() throws {
        var machine = Machine(backoff: RestartBackoff(initial: .milliseconds(100), maximum: .seconds(6), stablePeriod: .seconds(10)))
        var now = t(0)
        for generation in 1...6 {
            if case .wait(let actions) = machine.call(id: generation, deadline: now.advanced(by: .seconds(60)), now: now), let timer = actions.timer {
                now = timer
                _ = machine.timerFired(now: now)
            }
            _ = machine.startSucceeded(generation: generation, resource: "p", now: now)
            now = now.advanced(by: .milliseconds(50))
            _ = machine.exited(generation: generation, exit: .signal(11), quietFor: nil, now: now)
        }
        #expect(machine.consecutiveCrashes == 6)
        #expect(try #require(machine.retryAt).offset - now.offset == .milliseconds(3200))
        // A start after the back-off, then 30 s of healthy service, then a crash.
        now = try #require(machine.retryAt)
        let actions = try #require(Self.isWait(machine.call(id: 10, deadline: now.advanced(by: .seconds(60)), now: now)))
        let generation = try #require(actions.start)
        _ = machine.startSucceeded(generation: generation, resource: "p", now: now)
        now = now.advanced(by: .seconds(30))
        _ = machine.exited(generation: generation, exit: .failure(1), quietFor: nil, now: now)
        #expect(machine.consecutiveCrashes == 1)
        #expect(try #require(machine.retryAt).offset - now.offset == .milliseconds(100))
    }

    @Test("a call that comes after the back-off has ended starts the plugin at once")
    func lateCallAfterCrash() throws {
        var machine = Self.ready()
        _ = machine.exited(generation: 1, exit: .failure(3), quietFor: nil, now: t(1))
        let actions = try #require(Self.isWait(machine.call(id: 2, deadline: t(60), now: t(5))))
        #expect(actions.start == 2)
        #expect(actions.timer == nil)
        #expect(machine.restarts == 1)
    }

    @Test("a crash during start fails every waiter with the exit and backs off; the start's late outcome is ignored")
    func crashDuringStart() throws {
        var machine = Machine()
        _ = machine.call(id: 1, deadline: t(10), now: t(0))
        _ = machine.call(id: 2, deadline: t(10), now: t(0))
        let exit = machine.exited(generation: 1, exit: .failure(2), quietFor: nil, now: t(0.5))
        #expect(exit.exit == .duringStart)
        #expect(Self.failures(exit) == ["exitedDuringStart(exit status 2)", "exitedDuringStart(exit status 2)"])
        #expect(machine.phase == .crashed)
        #expect(machine.retryAt == t(0.6))
        let late = machine.startFailed(generation: 1, error: PluginError(.exitedDuringStartup, plugin: "p", message: "x"), now: t(0.5))
        #expect(late.resume.isEmpty && late.stop == nil)
        #expect(machine.consecutiveCrashes == 1, "one crash counted once")
    }

    @Test("a failed start (deadline, spawn error) fails the waiters with its error and kills the process")
    func failedStart() throws {
        var machine = Machine()
        _ = machine.call(id: 1, deadline: t(30), now: t(0))
        let actions = machine.startFailed(generation: 1, error: PluginError(.startupTimeout, plugin: "p", message: "did not become ready"), now: t(10))
        guard case .abort(generation: 1)? = actions.stop else {
            Issue.record("the process of a failed start must be killed: \(String(describing: actions.stop))")
            return
        }
        guard case .failure(.startFailed(let error))? = actions.resume.first?.result else {
            Issue.record("the waiter should get the start's error")
            return
        }
        #expect(error.code == .startupTimeout)
        #expect(machine.phase == .crashed)
    }

    @Test("stop during start fails the waiters with stopped and kills the process; a call during the stop starts a new process once it exited")
    func stopDuringStart() throws {
        var machine = Machine()
        _ = machine.call(id: 1, deadline: t(30), now: t(0))
        let stop = machine.stop()
        guard case .abort(generation: 1)? = stop.stop else {
            Issue.record("stop during start must kill the starting process")
            return
        }
        #expect(Self.failures(stop) == ["stopped"])
        #expect(machine.phase == .stopping)
        // The start's outcome, arriving after the stop, is of no use: its resource is closed and its process killed.
        let late = machine.startSucceeded(generation: 1, resource: "pool-1", now: t(0.1))
        #expect(late.close == "pool-1")
        // A call that comes during the stop waits for it.
        let waiting = try #require(Self.isWait(machine.call(id: 2, deadline: t(30), now: t(0.2))))
        #expect(waiting.start == nil)
        let exited = machine.exited(generation: 1, exit: .signal(9), quietFor: nil, now: t(0.3))
        #expect(exited.exit == .requested)
        #expect(exited.start == 2)
        #expect(machine.consecutiveCrashes == 0, "a requested stop is not a crash")
        _ = machine.startSucceeded(generation: 2, resource: "pool-2", now: t(0.4))
        #expect(machine.readyResource == "pool-2")
    }

    @Test("shutdown during start fails the waiters with shutDown and kills the process; everything after is refused")
    func shutdownDuringStart() throws {
        var machine = Machine()
        _ = machine.call(id: 1, deadline: t(30), now: t(0))
        _ = machine.call(id: 2, deadline: t(30), now: t(0))
        let actions = machine.shutdown()
        guard case .abort(generation: 1)? = actions.stop else {
            Issue.record("shutdown during start must kill the starting process")
            return
        }
        #expect(Self.failures(actions) == ["shutDown", "shutDown"])
        #expect(machine.phase == .stopped)
        let late = machine.startSucceeded(generation: 1, resource: "pool-1", now: t(1))
        #expect(late.close == "pool-1")
        guard case .fail(.shutDown) = machine.call(id: 3, deadline: t(30), now: t(1)) else {
            Issue.record("a call after shutdown must fail at once")
            return
        }
        #expect(machine.exited(generation: 1, exit: .signal(9), quietFor: nil, now: t(1)).start == nil)
        #expect(machine.stop().stop == nil)
    }

    @Test("shutdown of a ready plugin stops it gracefully")
    func shutdownReady() {
        var machine = Self.ready()
        guard case .graceful(generation: 1, "pool-1")? = machine.shutdown().stop else {
            Issue.record("a ready plugin is stopped in order on shutdown")
            return
        }
    }

    @Test("an exit with status 1 after a requested stop is a stop, not a crash", arguments: [ProcessExit.failure(1), .signal(15), .success])
    func exitAfterRequestedStop(exit: ProcessExit) {
        var machine = Self.ready()
        guard case .graceful(generation: 1, "pool-1")? = machine.stop().stop else {
            Issue.record("stopping a ready plugin is graceful")
            return
        }
        let actions = machine.exited(generation: 1, exit: exit, quietFor: nil, now: t(1))
        #expect(actions.exit == .requested)
        #expect(machine.phase == .discovered)
        #expect(machine.retryAt == nil && machine.consecutiveCrashes == 0)
        guard case .wait(let next) = machine.call(id: 2, deadline: t(30), now: t(1)) else {
            Issue.record("a stopped plugin starts again on the next call")
            return
        }
        #expect(next.start == 2 && next.timer == nil, "no back-off after a requested stop")
        #expect(machine.restarts == 0)
    }

    @Test("an exit with status 1 after POST /shutdown went to the plugin is requested (the Go SDK's /shutdown exits 1)")
    func exitAfterShutdownSent() {
        var machine = Self.ready()
        machine.shutdownSent(generation: 1)
        let actions = machine.exited(generation: 1, exit: .failure(1), quietFor: nil, now: t(1))
        #expect(actions.exit == .requested)
        #expect(actions.close == "pool-1")
        #expect(machine.phase == .discovered)
        #expect(machine.retryAt == nil)
    }

    @Test("idle exits: status 0, or any status after a quiet spell as long as the idle timeout; a failure with calls in flight is a crash")
    func idleExit() {
        let cases: [(exit: ProcessExit, quiet: Duration?, expected: ExitKind)] = [
            (.success, .milliseconds(10), .idle),
            (.failure(1), .seconds(5), .idle),
            (.failure(1), .milliseconds(4600), .idle),
            (.failure(1), .seconds(1), .crash),
            (.success, nil, .idle),
            (.failure(1), nil, .crash),
            (.signal(9), .seconds(60), .idle),
        ]
        for (exit, quiet, expected) in cases {
            var machine = Self.ready(idleTimeout: .seconds(5))
            let actions = machine.exited(generation: 1, exit: exit, quietFor: quiet, now: t(70))
            #expect(actions.exit == expected, "\(exit) after \(String(describing: quiet)) quiet")
            #expect(actions.close == "pool-1")
            #expect(machine.phase == (expected == .idle ? .idleStopped : .crashed))
        }
        var noIdleTimeout = Self.ready()
        #expect(noIdleTimeout.exited(generation: 1, exit: .failure(1), quietFor: .seconds(600), now: t(700)).exit == .crash)
        // A short idle timeout still leaves a second for the host's view of the last call to lag the plugin's.
        var short = Self.ready(idleTimeout: .seconds(2))
        #expect(short.exited(generation: 1, exit: .failure(1), quietFor: .milliseconds(1050), now: t(70)).exit == .idle)
        var tooShort = Self.ready(idleTimeout: .seconds(2))
        #expect(tooShort.exited(generation: 1, exit: .failure(1), quietFor: .milliseconds(900), now: t(70)).exit == .crash)
    }

    @Test("an exit of an older process is ignored")
    func staleExit() {
        var machine = Self.ready()
        let actions = machine.exited(generation: 0, exit: .failure(3), quietFor: nil, now: t(1))
        #expect(actions.exit == nil && actions.close == nil)
        #expect(machine.phase == .ready)
    }

    @Test("a waiter's deadline fails that waiter only; the start goes on for the others")
    func waiterDeadline() throws {
        var machine = Machine()
        _ = machine.call(id: 1, deadline: t(1), now: t(0))
        _ = machine.call(id: 2, deadline: t(5), now: t(0))
        #expect(machine.timerFired(now: t(0.9)).resume.isEmpty)
        let expired = machine.timerFired(now: t(1))
        #expect(Self.ids(expired) == [1])
        #expect(Self.failures(expired) == ["timedOut"])
        #expect(machine.phase == .starting)
        let ready = machine.startSucceeded(generation: 1, resource: "pool-1", now: t(2))
        #expect(Self.ids(ready) == [2])
    }

    @Test("waiters of a back-off that all time out leave the plugin crashed, to start on the next call")
    func backoffWaitersExpire() throws {
        var machine = Self.ready()
        _ = machine.exited(generation: 1, exit: .failure(3), quietFor: nil, now: t(1))
        let wait = try #require(Self.isWait(machine.call(id: 2, deadline: t(1.05), now: t(1))))
        #expect(wait.timer == t(1.1))
        let expired = machine.timerFired(now: t(1.05))
        #expect(Self.failures(expired) == ["timedOut"])
        #expect(machine.timerFired(now: t(1.1)).start == nil, "nobody waits: no start")
        #expect(machine.phase == .crashed)
    }

    @Test("a cancelled queued call stops waiting; the others keep waiting")
    func cancelQueued() {
        var machine = Machine()
        _ = machine.call(id: 1, deadline: t(30), now: t(0))
        _ = machine.call(id: 2, deadline: t(30), now: t(0))
        let cancelled = machine.cancel(id: 1)
        #expect(Self.failures(cancelled) == ["cancelled"])
        #expect(machine.cancel(id: 1).resume.isEmpty, "a waiter is resumed once")
        #expect(Self.ids(machine.startSucceeded(generation: 1, resource: "p", now: t(1))) == [2])
    }

    @Test("stop during a back-off fails its waiters with stopped and clears the crash series")
    func stopDuringBackoff() {
        var machine = Self.ready()
        _ = machine.exited(generation: 1, exit: .failure(3), quietFor: nil, now: t(1))
        _ = machine.call(id: 2, deadline: t(30), now: t(1))
        let stop = machine.stop()
        #expect(Self.failures(stop) == ["stopped"])
        #expect(machine.retryAt == nil)
        #expect(machine.phase == .discovered)
    }

    @Test("the back-off delay function")
    func delays() {
        let backoff = RestartBackoff()
        #expect(backoff.delay(afterConsecutiveCrashes: 0) == .zero)
        #expect(backoff.delay(afterConsecutiveCrashes: 1) == .milliseconds(100))
        #expect(backoff.delay(afterConsecutiveCrashes: 7) == .milliseconds(6400))
        #expect(backoff.delay(afterConsecutiveCrashes: 1000) == .milliseconds(6400))
    }

    @Test("a start abandoned during a stop (no launch was made, or its spawn failed) ends the stop, and starts again for calls that came")
    func startFailedWhileStopping() throws {
        var machine = Machine()
        _ = machine.call(id: 1, deadline: t(30), now: t(0))
        _ = machine.stop()
        _ = machine.call(id: 2, deadline: t(30), now: t(0.1))
        let actions = machine.startFailed(generation: 1, error: PluginError(.stopped, plugin: "p", message: "was stopped while starting"), now: t(0.2))
        #expect(actions.exit == .requested)
        #expect(actions.start == 2, "the call that came during the stop starts a new process")
        var quiet = Machine()
        _ = quiet.call(id: 1, deadline: t(30), now: t(0))
        _ = quiet.stop()
        #expect(quiet.startFailed(generation: 1, error: PluginError(.stopped, plugin: "p", message: "x"), now: t(1)).start == nil)
        #expect(quiet.phase == .discovered, "not stuck in stopping")
    }

    @Test("stop() of a crashed plugin ends its crash series")
    func stopWhenCrashed() {
        var machine = Self.ready()
        _ = machine.exited(generation: 1, exit: .failure(3), quietFor: nil, now: t(1))
        #expect(machine.retryAt != nil)
        _ = machine.stop()
        #expect(machine.retryAt == nil && machine.consecutiveCrashes == 0)
        #expect(machine.phase == .discovered)
    }

    @Test("shutdown fails the waiters of a stop and of a back-off")
    func shutdownFromStoppingAndBackingOff() {
        var stopping = Self.ready()
        _ = stopping.stop()
        _ = stopping.call(id: 2, deadline: t(30), now: t(1))
        #expect(Self.failures(stopping.shutdown()) == ["shutDown"])
        var backingOff = Self.ready()
        _ = backingOff.exited(generation: 1, exit: .failure(3), quietFor: nil, now: t(1))
        _ = backingOff.call(id: 2, deadline: t(30), now: t(1))
        #expect(Self.failures(backingOff.shutdown()) == ["shutDown"])
        #expect(backingOff.phase == .stopped)
    }

    @Test("an exit after shutdown is one the host asked for")
    func exitAfterShutdown() {
        var machine = Self.ready()
        _ = machine.shutdown()
        #expect(machine.exited(generation: 1, exit: .signal(9), quietFor: nil, now: t(1)).exit == .requested)
    }

    @Test("calls that come while a ready plugin is being stopped wait, and a new process starts for them once it exited")
    func callDuringStopOfReady() throws {
        var machine = Self.ready()
        _ = machine.stop()
        let wait = try #require(Self.isWait(machine.call(id: 2, deadline: t(30), now: t(1))))
        #expect(wait.start == nil)
        let expired = machine.timerFired(now: t(30))
        #expect(Self.failures(expired) == ["timedOut"], "a waiter of a stop keeps its deadline")
        _ = machine.call(id: 3, deadline: t(60), now: t(31))
        let exited = machine.exited(generation: 1, exit: .success, quietFor: nil, now: t(32))
        #expect(exited.start == 2)
        #expect(Self.ids(machine.startSucceeded(generation: 2, resource: "pool-2", now: t(33))) == [3])
    }

    @Test("cancelling the last waiter of a back-off leaves the plugin crashed, to start on the next call")
    func cancelEmptiesBackoff() {
        var machine = Self.ready()
        _ = machine.exited(generation: 1, exit: .failure(3), quietFor: nil, now: t(1))
        _ = machine.call(id: 2, deadline: t(30), now: t(1))
        #expect(Self.failures(machine.cancel(id: 2)) == ["cancelled"])
        guard case .idle(.crashed) = machine.state else {
            Issue.record("expected idle(crashed), got \(machine.state)")
            return
        }
    }

    @Test("a refused POST /shutdown, or one for an older process, does not make the next exit a requested one")
    func shutdownSentMarks() {
        var machine = Self.ready()
        machine.shutdownSent(generation: 0)
        #expect(machine.exited(generation: 1, exit: .failure(1), quietFor: nil, now: t(1)).exit == .crash)
        var refused = Self.ready()
        refused.shutdownSent(generation: 1)
        refused.shutdownRefused(generation: 1)
        #expect(refused.exited(generation: 1, exit: .failure(1), quietFor: nil, now: t(1)).exit == .crash)
    }
}
