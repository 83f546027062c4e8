/// The connections to one running plugin as a pure state machine: at most `maxConnections` open, idle ones reused
/// (most recently used first), callers beyond that queued in order with their deadlines, the queue bounded. It
/// takes events (a lease, a connection opened or failed to open, a release, a connection closed by the plugin, a
/// timer, a cancellation, close) and returns what to do, which ``ConnectionPool`` runs outside its lock. It does no
/// I/O and reads no clock.
struct PoolStateMachine<C: Clock, Connection: Identifiable & Sendable> where C.Duration == Duration {
    /// A caller waiting for a connection.
    struct Waiter {
        var id: Int
        var deadline: C.Instant
    }

    /// What a waiting caller is given.
    enum Handoff: Sendable {
        /// An idle connection, now leased to it.
        case connection(Connection)
        /// A free slot: it opens a connection itself (and reports ``PoolStateMachine/opened(_:)`` or
        /// ``PoolStateMachine/openFailed()``).
        case open
        /// No connection.
        case failed(PoolFailure)
    }

    /// What a lease should do.
    enum LeaseDecision {
        /// Use this idle connection.
        case use(Connection)
        /// Open a new connection (a slot is reserved for it).
        case open
        /// Wait to be handed a connection or a slot; the driver arms the waiter's deadline.
        case wait
        /// Fail at once.
        case fail(PoolFailure)
    }

    /// What the driver must do after an event.
    struct Actions {
        /// Connections to close.
        var close: [Connection] = []
        /// Waiting callers to resume.
        var resume: [(id: Int, handoff: Handoff)] = []

        /// Whether there is nothing to do (the common case of a release).
        var isEmpty: Bool { close.isEmpty && resume.isEmpty }
    }

    let maxConnections: Int
    let maxWaiters: Int
    private(set) var idle: [Connection] = []
    /// Connections leased to callers.
    private(set) var leased = 0
    /// Connections being opened.
    private(set) var opening = 0
    private(set) var waiters: [Waiter] = []
    private(set) var isClosed = false
    /// When the last call ended (or the pool was made): how long the plugin has been quiet.
    private(set) var lastActive: C.Instant

    init(maxConnections: Int, maxWaiters: Int, now: C.Instant) {
        self.maxConnections = max(1, maxConnections)
        self.maxWaiters = max(0, maxWaiters)
        self.lastActive = now
    }

    /// How long no call has been in flight (since the last release), or nil while one is. `countingLeases`: a
    /// leased or opening connection counts as a call in flight; the driver, which counts written requests itself,
    /// passes false.
    func quietFor(now: C.Instant, countingLeases: Bool = true) -> Duration? {
        if countingLeases, leased + opening > 0 { return nil }
        return lastActive.duration(to: now)
    }

    // MARK: Events

    /// A caller wants a connection by `deadline`.
    mutating func lease(id: Int, deadline: C.Instant) -> LeaseDecision {
        if isClosed { return .fail(.closed) }
        if let connection = idle.popLast() {
            leased += 1
            return .use(connection)
        }
        if leased + opening < maxConnections {
            opening += 1
            return .open
        }
        guard waiters.count < maxWaiters else { return .fail(.overloaded(limit: maxWaiters)) }
        waiters.append(Waiter(id: id, deadline: deadline))
        return .wait
    }

    /// A connection the caller opened (after ``LeaseDecision/open`` or ``Handoff/open``) is up; it is leased to
    /// that caller, unless the pool closed meanwhile (then it is closed and the caller fails).
    mutating func opened(_ connection: Connection) -> Bool {
        opening -= 1
        guard !isClosed else { return false }
        leased += 1
        return true
    }

    /// Opening a connection failed: the slot is free again, and the first waiter may try.
    mutating func openFailed() -> Actions {
        opening -= 1
        return handOffSlot()
    }

    /// A caller is done with a connection. `reusable`: it is open and its last response ended cleanly. `now` may be
    /// nil when nobody needs ``quietFor(now:)``.
    mutating func release(_ connection: Connection, reusable: Bool, now: C.Instant?) -> Actions {
        leased -= 1
        if let now { lastActive = now }
        var actions = Actions()
        guard reusable, !isClosed else {
            actions.close = [connection]
            return merge(actions, handOffSlot())
        }
        if !waiters.isEmpty {
            let waiter = waiters.removeFirst()
            leased += 1
            actions.resume = [(waiter.id, .connection(connection))]
        } else {
            idle.append(connection)
        }
        return actions
    }

    /// The plugin closed a connection: an idle one leaves the pool, freeing its slot.
    mutating func closed(_ id: Connection.ID) -> Actions {
        guard let index = idle.firstIndex(where: { $0.id == id }) else { return Actions() }
        idle.remove(at: index)
        return handOffSlot()
    }

    /// A timer fired: waiters whose deadline has passed fail with ``PoolFailure/timedOut``.
    mutating func timerFired(now: C.Instant) -> Actions {
        var actions = Actions()
        waiters.removeAll { waiter in
            guard waiter.deadline <= now else { return false }
            actions.resume.append((waiter.id, .failed(.timedOut)))
            return true
        }
        return actions
    }

    /// The caller `id` was cancelled: it stops waiting.
    mutating func cancel(id: Int) -> Actions {
        var actions = Actions()
        if let index = waiters.firstIndex(where: { $0.id == id }) {
            waiters.remove(at: index)
            actions.resume = [(id, .failed(.cancelled))]
        }
        return actions
    }

    /// Takes no more calls: idle connections close, waiters fail with ``PoolFailure/closed``. Leased connections
    /// finish their calls (an answer may already be in the socket) and close on release.
    mutating func close() -> Actions {
        guard !isClosed else { return Actions() }
        isClosed = true
        var actions = Actions()
        actions.close = idle
        idle = []
        actions.resume = waiters.map { ($0.id, .failed(.closed)) }
        waiters = []
        return actions
    }

    // MARK: Helpers

    /// A slot was freed: the first waiter opens a connection in it.
    private mutating func handOffSlot() -> Actions {
        var actions = Actions()
        guard !isClosed, !waiters.isEmpty, leased + opening < maxConnections else { return actions }
        let waiter = waiters.removeFirst()
        opening += 1
        actions.resume = [(waiter.id, .open)]
        return actions
    }

    private func merge(_ first: Actions, _ second: Actions) -> Actions {
        Actions(close: first.close + second.close, resume: first.resume + second.resume)
    }
}
