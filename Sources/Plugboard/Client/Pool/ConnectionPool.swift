import NIOCore
import NIOHTTP1
import PlugboardProtocol
import Synchronization

/// Persistent connections to one running plugin, reused across calls: the driver of a ``PoolStateMachine``. At most
/// `maxConnections` are open at once; further callers wait in order, each until its own deadline, and can be
/// cancelled; at most `maxWaiters` wait. Closing the pool fails waiting callers and closes every idle connection.
final class ConnectionPool: Sendable {
    struct Options: Sendable {
        var maxConnections: Int
        var maxWaiters: Int = 1024
        var maxResponseSize: Int
        var connectTimeout: Duration
        var token: String?
        /// Whether ``quietFor`` is needed (the plugin has an idle timeout): it costs a clock read per call.
        var tracksQuiet = true
        /// Whether the plugin keeps PROTOCOL.md §7's close rule (v2 plugins): a request whose reused connection
        /// closed before the answer was not handled, and may go out again whatever its method.
        var keepsCloseRule = false
        /// TLS for every connection (an `https://` plugin), or nil for plain HTTP.
        var tls: TLSClient?
    }

    private typealias Machine = PoolStateMachine<ContinuousClock, HTTPConnection>

    let location: Location
    let group: any EventLoopGroup
    let options: Options
    /// The header lines every request carries, formatted once.
    private let headerLines: [UInt8]
    private let state: Mutex<State>
    /// Requests written and not yet answered, counted by the connections' handlers.
    private let writtenRequests = WrittenRequests()

    private struct State: ~Copyable {
        var machine: Machine
        var waiters = WaiterTable<Machine.Handoff>()
    }

    init(location: Location, group: any EventLoopGroup, options: Options) {
        self.location = location
        self.group = group
        self.options = options
        var lines: String
        switch location {
        case .unix: lines = "host: localhost\r\n"
        case .tcp(let host, let port): lines = "host: \(host.contains(":") ? "[\(host)]" : host):\(port)\r\n"
        }
        lines += "content-type: application/json\r\n"
        // The token is always one the host made (PluginManager.makeToken: hex), so it needs no escaping.
        if let token = options.token { lines += "authorization: Bearer \(token)\r\n" }
        self.headerLines = Array(lines.utf8)
        self.state = Mutex(State(machine: Machine(maxConnections: options.maxConnections, maxWaiters: options.maxWaiters, now: .now)))
    }

    /// The plugin's URL (`https://` over TLS), for messages and listings.
    var url: String { location.url(tls: options.tls != nil) }

    /// Sends a request on a pooled connection; `deadline` covers waiting for a connection, sending and receiving.
    ///
    /// A request is sent again on another connection when it cannot have been handled:
    /// - it was not sent at all (its connection had closed, or the write failed), whatever its method: once more
    ///   after a failure on a new connection, and after each failure on a reused one;
    /// - its reused connection closed before any byte of the answer, and either the method is `GET` or `HEAD`, or
    ///   the plugin keeps PROTOCOL.md §7's close rule (``Options/keepsCloseRule``, v2 plugins): it closes a
    ///   connection only while no request is in flight on it, or by exiting, so it closed this one as idle just as
    ///   the request went out (a plugin that exited refuses the next connection). A v1 plugin may have handled it
    ///   (Go's net/http closes the connection of a handler that panicked), so a `POST` is not sent twice.
    ///
    /// Each reused connection fails at most once (it is closed), so this ends; it is also bounded by the pool's
    /// size and by `deadline`. When a request that went out is followed by a failure to send it again, the first
    /// failure is what is thrown: the request may have reached the plugin, and the caller must not resend it.
    ///
    /// `extraHeaderLines` go out after the pool's own (a request's trace context, `name: value\r\n` each).
    func send(_ method: PlugboardProtocol.HTTPMethod, _ path: String, body: [UInt8], extraHeaderLines: [UInt8] = [], deadline: ContinuousClock.Instant) async throws -> HTTPResponse {
        // The path goes into the request line as it is: no spaces, control characters or non-ASCII. Checked before a
        // connection is taken, so a bad path costs no connection.
        guard !path.isEmpty, path.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw HTTPClientFailure.invalidPath(path)
        }
        var retriedFresh = false
        var retries = 0
        var wentOut: HTTPClientFailure?
        while true {
            let connection: HTTPConnection
            let reused: Bool
            do {
                (connection, reused) = try await lease(deadline: deadline)
            } catch {
                throw Self.reported(error, after: wentOut)
            }
            do {
                let response = try await connection.execute(method, path, body: body, headerLines: headerLines, extraHeaderLines: extraHeaderLines, deadline: NIODeadline(deadline))
                release(connection, reusable: connection.isActive)
                return response
            } catch let failure as HTTPClientFailure where retries <= options.maxConnections && canRetry(failure, method: method, reused: reused, retriedFresh: retriedFresh) {
                release(connection, reusable: false)
                if !reused { retriedFresh = true }
                if case .closedBeforeResponse = failure { wentOut = wentOut ?? failure }
                retries += 1
            } catch {
                release(connection, reusable: false)
                throw Self.reported(refusedAfterHandshake(error, reused: reused), after: wentOut)
            }
        }
    }

    /// A connection just opened over TLS that closes before any answer: under TLS 1.3 the plugin judges the host's
    /// client certificate (or its lack of one) after the host's side of the handshake, and its alert can be lost
    /// when it closes with the host's request unread (a reset). Said so, rather than "closed before the response".
    private func refusedAfterHandshake(_ error: any Error, reused: Bool) -> any Error {
        guard options.tls != nil, !reused else { return error }
        switch error {
        case HTTPClientFailure.closedBeforeResponse, HTTPClientFailure.notSent: return TLSClosedAfterHandshake()
        default: return error
        }
    }

    /// Whether a failure means that no byte of the request reached the plugin (so a caller may send it elsewhere).
    static func neverReachedPlugin(_ error: any Error) -> Bool {
        switch error {
        case HTTPClientFailure.notSent, PoolFailure.closed, PoolFailure.backlogFull, is ConnectFailure: return true
        default: return false
        }
    }

    /// The error to throw for a request's last failure: when an earlier attempt went out, a later failure that sent
    /// nothing must not let the caller think nothing reached the plugin, so the earlier one is thrown instead.
    private static func reported(_ error: any Error, after wentOut: HTTPClientFailure?) -> any Error {
        if let wentOut, neverReachedPlugin(error) { return wentOut }
        return error
    }

    /// Whether a failed request may go out again (``send(_:_:body:extraHeaderLines:deadline:)`` says when).
    func canRetry(_ failure: HTTPClientFailure, method: PlugboardProtocol.HTTPMethod, reused: Bool, retriedFresh: Bool) -> Bool {
        switch failure {
        case .notSent: return reused || !retriedFresh
        case .closedBeforeResponse: return reused && (options.keepsCloseRule || method == .get || method == .head)
        default: return false
        }
    }

    /// Closes the idle connections, fails waiting callers and takes no new calls. A connection with a call in
    /// flight is left to finish it and closed when it is released: when the plugin has just exited (after answering
    /// `POST /shutdown`, say), its answer may already be in the socket, unread, and closing the connection under it
    /// would turn a delivered answer into an error. A dead plugin's socket ends in end-of-file, a hung one's call in
    /// its deadline, so nothing waits for ever.
    func close() {
        apply { $0.close() }
    }

    /// How long no request has been in flight, or nil while one is: written to the plugin and not yet answered (a
    /// call still waiting for a connection, or whose request never went out, does not count).
    var quietFor: Duration? {
        guard writtenRequests.isZero else { return nil }
        return state.withLock { $0.machine.quietFor(now: .now, countingLeases: false) }
    }

    // MARK: Leasing

    private enum Lease {
        case decided(Machine.LeaseDecision)
        case waiting(Int)
    }

    private func lease(deadline: ContinuousClock.Instant) async throws -> (HTTPConnection, reused: Bool) {
        let lease = state.withLock { state -> Lease in
            let id = state.waiters.makeID()
            let decision = state.machine.lease(id: id, deadline: deadline)
            if case .wait = decision { return .waiting(id) }
            return .decided(decision)
        }
        switch lease {
        case .decided(.use(let connection)):
            return (connection, true)
        case .decided(.open):
            return (try await open(deadline: deadline), false)
        case .decided(.fail(let failure)):
            throw failure
        case .decided(.wait):
            preconditionFailure("a wait is returned as .waiting")
        case .waiting(let id):
            switch try await wait(id, deadline: deadline) {
            case .connection(let connection):
                if Task.isCancelled {
                    release(connection, reusable: true)
                    throw PoolFailure.cancelled
                }
                return (connection, true)
            case .open:
                if Task.isCancelled {
                    apply { $0.openFailed() }
                    throw PoolFailure.cancelled
                }
                return (try await open(deadline: deadline), false)
            case .failed(let failure):
                throw failure
            }
        }
    }

    /// Waits for a handoff, until `deadline` or the task's cancellation.
    private func wait(_ id: Int, deadline: ContinuousClock.Instant) async throws -> Machine.Handoff {
        try await parkedWait(
            until: deadline, on: group.next(),
            park: { continuation, timer in state.withLock { $0.waiters.park(id, continuation, timer: timer) } },
            // The timer runs on NIO's clock: when it fires, the deadline has come, even if this clock reads a hair less.
            expire: { [self] in apply { $0.timerFired(now: max(.now, deadline)) } },
            cancel: { apply { $0.cancel(id: id) } }
        )
    }

    /// Opens a connection in a slot the machine reserved; the slot is freed if that fails.
    private func open(deadline: ContinuousClock.Instant) async throws -> HTTPConnection {
        let connection: HTTPConnection
        do {
            connection = try await connect(deadline: deadline)
        } catch let failure as PoolFailure {
            apply { $0.openFailed() }
            throw failure
        } catch is CancellationError {
            apply { $0.openFailed() }
            throw PoolFailure.cancelled
        } catch {
            apply { $0.openFailed() }
            throw ConnectFailure(underlying: error)
        }
        guard state.withLock({ $0.machine.opened(connection) }) else {
            connection.close()
            throw PoolFailure.closed
        }
        // A connection the plugin closes while idle leaves the pool at once, not when a caller next takes it.
        let id = connection.id
        connection.channel.closeFuture.whenComplete { [self] _ in
            apply { $0.closed(id) }
        }
        return connection
    }

    /// Connects, trying again while the plugin's listen queue is full (``ConnectRetry``), until `deadline`.
    private func connect(deadline: ContinuousClock.Instant) async throws -> HTTPConnection {
        var retry = ConnectRetry()
        while true {
            let remaining = deadline - .now
            guard remaining > .zero else { throw retry.failures > 0 ? PoolFailure.backlogFull(tries: retry.failures) : PoolFailure.timedOut }
            do {
                return try await HTTPConnection.connect(
                    to: location, group: group, maxResponseSize: options.maxResponseSize, timeout: min(options.connectTimeout, remaining),
                    writtenRequests: writtenRequests, tls: options.tls
                )
            } catch where ConnectRetry.isBacklogFull(error) {
                guard let pause = retry.pause(remaining: deadline - .now) else { throw PoolFailure.backlogFull(tries: retry.failures) }
                try await Task.sleep(for: pause)
            }
        }
    }

    private func release(_ connection: HTTPConnection, reusable: Bool) {
        // The clock is read only when someone needs the quiet time (an idle timeout to tell from a crash).
        let now: ContinuousClock.Instant? = options.tracksQuiet ? .now : nil
        apply { $0.release(connection, reusable: reusable, now: now) }
    }

    /// Feeds the machine one event and runs what it returns: waiters are handed their results under the lock (so a
    /// handoff and a cancellation cannot cross), connections are closed and callers resumed outside it.
    private func apply(_ event: (inout Machine) -> Machine.Actions) {
        let (close, resumptions) = state.withLock { state -> ([HTTPConnection], [Resumption<Machine.Handoff>]) in
            let actions = event(&state.machine)
            if actions.isEmpty { return ([], []) }
            let resumptions = actions.resume.compactMap { state.waiters.complete($0.id, with: .success($0.handoff)) }
            return (actions.close, resumptions)
        }
        for connection in close { connection.close() }
        for resumption in resumptions { resumption.resume() }
    }
}
