@testable import Plugboard
import Testing

/// The connection pool's state machine, driven event by event with a manual clock: no sockets, no sleeps.
@Suite("Connection pool state machine")
struct PoolStateMachineTests {
    struct Connection: Identifiable, Sendable, Equatable {
        var id: Int
    }

    typealias Machine = PoolStateMachine<ManualClock, Connection>

    static func handoffs(_ actions: Machine.Actions) -> [String] {
        actions.resume.map { entry in
            switch entry.handoff {
            case .connection(let connection): return "\(entry.id): connection \(connection.id)"
            case .open: return "\(entry.id): open"
            case .failed(let failure): return "\(entry.id): \(failure)"
            }
        }
    }

    /// A machine with `count` connections open and leased.
    static func full(_ count: Int, maxWaiters: Int = 8) -> Machine {
        var machine = Machine(maxConnections: count, maxWaiters: maxWaiters, now: t(0))
        for index in 1...count {
            guard case .open = machine.lease(id: index, deadline: t(30)) else {
                Issue.record("lease \(index) should open a connection")
                return machine
            }
            _ = machine.opened(Connection(id: index))
        }
        return machine
    }

    @Test("connections open up to the limit, then callers wait and are handed released connections in order")
    func fifoHandoff() {
        var machine = Self.full(2)
        guard case .wait = machine.lease(id: 3, deadline: t(30)), case .wait = machine.lease(id: 4, deadline: t(30)) else {
            Issue.record("callers beyond the limit should wait")
            return
        }
        #expect(Self.handoffs(machine.release(Connection(id: 2), reusable: true, now: t(1))) == ["3: connection 2"])
        #expect(Self.handoffs(machine.release(Connection(id: 1), reusable: true, now: t(1))) == ["4: connection 1"])
        #expect(machine.release(Connection(id: 2), reusable: true, now: t(2)).resume.isEmpty)
        guard case .use(Connection(id: 2)) = machine.lease(id: 5, deadline: t(30)) else {
            Issue.record("an idle connection should be reused")
            return
        }
    }

    @Test("the queue of waiting callers is bounded")
    func boundedQueue() {
        var machine = Self.full(1, maxWaiters: 2)
        _ = machine.lease(id: 2, deadline: t(30))
        _ = machine.lease(id: 3, deadline: t(30))
        guard case .fail(.overloaded(limit: 2)) = machine.lease(id: 4, deadline: t(30)) else {
            Issue.record("a caller beyond the queue's bound should fail at once")
            return
        }
    }

    @Test("a waiter whose deadline passes fails with timedOut; the others keep their place")
    func waiterDeadline() {
        var machine = Self.full(1)
        _ = machine.lease(id: 2, deadline: t(1))
        _ = machine.lease(id: 3, deadline: t(5))
        #expect(machine.timerFired(now: t(0.5)).resume.isEmpty)
        #expect(Self.handoffs(machine.timerFired(now: t(1))) == ["2: timedOut"])
        #expect(Self.handoffs(machine.release(Connection(id: 1), reusable: true, now: t(2))) == ["3: connection 1"])
    }

    @Test("a cancelled waiter leaves the queue")
    func cancelQueued() {
        var machine = Self.full(1)
        _ = machine.lease(id: 2, deadline: t(30))
        _ = machine.lease(id: 3, deadline: t(30))
        #expect(Self.handoffs(machine.cancel(id: 2)) == ["2: cancelled"])
        #expect(machine.cancel(id: 2).resume.isEmpty)
        #expect(Self.handoffs(machine.release(Connection(id: 1), reusable: true, now: t(1))) == ["3: connection 1"])
    }

    @Test("a call cancelled in flight closes its connection; the freed slot goes to the first waiter, who opens a new one")
    func cancelInFlight() {
        var machine = Self.full(1)
        _ = machine.lease(id: 2, deadline: t(30))
        let actions = machine.release(Connection(id: 1), reusable: false, now: t(1))
        #expect(actions.close == [Connection(id: 1)])
        #expect(Self.handoffs(actions) == ["2: open"])
        #expect(machine.opening == 1 && machine.leased == 0)
        let accepted = machine.opened(Connection(id: 9))
        #expect(accepted)
        #expect(machine.leased == 1 && machine.opening == 0)
    }

    @Test("a connection the plugin closes while idle leaves the pool; the next caller opens a new one")
    func closedWhileIdle() {
        var machine = Self.full(1)
        _ = machine.release(Connection(id: 1), reusable: true, now: t(1))
        _ = machine.closed(1)
        #expect(machine.idle.isEmpty)
        guard case .open = machine.lease(id: 2, deadline: t(30)) else {
            Issue.record("a closed connection must not be handed out")
            return
        }
    }

    @Test("a failed open frees its slot for the first waiter")
    func openFailed() {
        var machine = Machine(maxConnections: 1, maxWaiters: 8, now: t(0))
        _ = machine.lease(id: 1, deadline: t(30))
        _ = machine.lease(id: 2, deadline: t(30))
        #expect(Self.handoffs(machine.openFailed()) == ["2: open"])
    }

    @Test("close fails the waiters and closes idle connections; a leased one closes when released")
    func close() {
        var machine = Self.full(2)
        _ = machine.release(Connection(id: 1), reusable: true, now: t(1))
        // Connection 1 is idle; a caller waits for a third connection that the limit of two refuses.
        guard case .use(Connection(id: 1)) = machine.lease(id: 3, deadline: t(30)) else {
            Issue.record("the idle connection should be reused")
            return
        }
        _ = machine.release(Connection(id: 1), reusable: true, now: t(1))
        _ = machine.lease(id: 4, deadline: t(30))   // takes connection 1 again
        _ = machine.lease(id: 5, deadline: t(30))   // waits: both connections leased
        let closed = machine.close()
        #expect(Self.handoffs(closed) == ["5: closed"])
        #expect(closed.close.isEmpty, "both connections are leased")
        #expect(machine.release(Connection(id: 2), reusable: true, now: t(2)).close == [Connection(id: 2)], "a leased connection closes on release")
        guard case .fail(.closed) = machine.lease(id: 6, deadline: t(30)) else {
            Issue.record("a closed pool takes no calls")
            return
        }
    }

    @Test("a connection opened after close is refused and frees its slot")
    func openedAfterClose() {
        var machine = Machine(maxConnections: 1, maxWaiters: 8, now: t(0))
        _ = machine.lease(id: 1, deadline: t(30))
        _ = machine.close()
        let accepted = machine.opened(Connection(id: 1))
        #expect(!accepted)
        #expect(machine.opening == 0 && machine.leased == 0)
    }

    @Test("small transitions: quiet is nil while a connection opens; the plugin closing a leased connection changes nothing; a failed open with nobody waiting frees its slot")
    func smallTransitions() {
        var machine = Machine(maxConnections: 2, maxWaiters: 8, now: t(0))
        _ = machine.lease(id: 1, deadline: t(30))
        #expect(machine.quietFor(now: t(1)) == nil)
        _ = machine.opened(Connection(id: 1))
        #expect(machine.closed(1).isEmpty && machine.leased == 1)
        _ = machine.lease(id: 2, deadline: t(30))
        #expect(machine.openFailed().isEmpty)
        #expect(machine.opening == 0 && machine.leased == 1)
    }

    @Test("quiet time counts from the last call's end, and is nil while a call is in flight")
    func quiet() {
        var machine = Self.full(1)
        #expect(machine.quietFor(now: t(5)) == nil)
        _ = machine.release(Connection(id: 1), reusable: true, now: t(2))
        #expect(machine.quietFor(now: t(5)) == .seconds(3))
    }
}
