import NIOCore
import NIOHTTP1
import PlugboardProtocol
import Synchronization

/// Persistent connections to one running plugin, reused across calls; at most `maxConnections` at once, further
/// callers wait their turn. Closing the pool fails waiting callers and closes every connection.
final class ConnectionPool: Sendable {
    struct Options: Sendable {
        var maxConnections: Int
        var maxResponseSize: Int
        var connectTimeout: Duration
        var token: String?
    }

    let location: Location
    let group: any EventLoopGroup
    let options: Options
    /// The header lines every request carries, formatted once.
    private let headerLines: [UInt8]
    private let state = Mutex(State())

    private struct State: ~Copyable {
        var idle: [HTTPConnection] = []
        var all: [ObjectIdentifier: HTTPConnection] = [:]
        var opening = 0
        var waiters: [CheckedContinuation<HTTPConnection?, Never>] = []
        var closed = false
    }

    init(location: Location, group: any EventLoopGroup, options: Options) {
        self.location = location
        self.group = group
        self.options = options
        var lines: String
        switch location {
        case .unix: lines = "host: localhost\r\n"
        case .tcp(let host, let port): lines = "host: \(host):\(port)\r\n"
        }
        lines += "content-type: application/json\r\n"
        // The token is always one the host made (PluginManager.makeToken: hex), so it needs no escaping.
        if let token = options.token { lines += "authorization: Bearer \(token)\r\n" }
        self.headerLines = Array(lines.utf8)
    }

    /// Sends a request on a pooled connection. A request that fails because a reused connection had been closed by
    /// the plugin before any response byte is sent once more on a new connection.
    func send(_ method: PlugboardProtocol.HTTPMethod, _ path: String, body: [UInt8], timeout: Duration) async throws -> HTTPResponse {
        // The path goes into the request line as it is: no spaces, control characters or non-ASCII. Checked before a
        // connection is taken, so a bad path costs no connection.
        guard !path.isEmpty, path.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw HTTPClientFailure.invalidPath(path)
        }
        var attempt = 0
        while true {
            let (connection, reused) = try await acquire()
            do {
                let response = try await connection.execute(method, path, body: body, headerLines: headerLines, timeout: timeout)
                release(connection)
                return response
            } catch HTTPClientFailure.closedBeforeResponse where reused && attempt == 0 {
                discard(connection)
                attempt += 1
            } catch {
                discard(connection)
                throw error
            }
        }
    }

    /// Closes the idle connections, fails waiting callers and takes no new calls. A connection with a call in
    /// flight is left to finish it and closed when it is released: when the plugin has just exited (after answering
    /// `POST /shutdown`, say), its answer may already be in the socket, unread, and closing the connection under it
    /// would turn a delivered answer into an error. A dead plugin's socket ends in end-of-file, a hung one's call in
    /// its deadline, so nothing waits for ever.
    func close() {
        let (idle, waiters) = state.withLock { state -> ([HTTPConnection], [CheckedContinuation<HTTPConnection?, Never>]) in
            state.closed = true
            let idle = state.idle
            for connection in idle { state.all.removeValue(forKey: ObjectIdentifier(connection.channel)) }
            defer { state.idle = []; state.waiters = [] }
            return (idle, state.waiters)
        }
        for connection in idle { connection.close() }
        for waiter in waiters { waiter.resume(returning: nil) }
    }

    var isClosed: Bool { state.withLock { $0.closed } }

    private enum Acquire {
        case use(HTTPConnection)
        case open
        case wait
        case closed
    }

    private func acquire() async throws -> (HTTPConnection, reused: Bool) {
        while true {
            let decision = state.withLock { state -> Acquire in
                if state.closed { return .closed }
                while let connection = state.idle.popLast() {
                    if connection.isActive { return .use(connection) }
                    state.all.removeValue(forKey: ObjectIdentifier(connection.channel))
                }
                if state.all.count + state.opening < options.maxConnections {
                    state.opening += 1
                    return .open
                }
                return .wait
            }
            switch decision {
            case .use(let connection):
                return (connection, true)
            case .closed:
                throw PoolClosed()
            case .open:
                do {
                    let connection = try await HTTPConnection.connect(to: location, group: group, maxResponseSize: options.maxResponseSize, timeout: options.connectTimeout)
                    let accepted = state.withLock { state -> Bool in
                        state.opening -= 1
                        guard !state.closed else { return false }
                        state.all[ObjectIdentifier(connection.channel)] = connection
                        return true
                    }
                    guard accepted else {
                        connection.close()
                        throw PoolClosed()
                    }
                    return (connection, false)
                } catch {
                    state.withLock { $0.opening -= 1 }
                    wakeOneWaiter()
                    throw error
                }
            case .wait:
                let handedOver = await withCheckedContinuation { continuation in
                    let resumeNow = state.withLock { state -> Bool in
                        if state.closed || !state.idle.isEmpty || state.all.count + state.opening < options.maxConnections {
                            return true
                        }
                        state.waiters.append(continuation)
                        return false
                    }
                    if resumeNow { continuation.resume(returning: nil) }
                }
                if let handedOver {
                    if handedOver.isActive { return (handedOver, true) }
                    discard(handedOver)
                }
            }
        }
    }

    private func release(_ connection: HTTPConnection) {
        guard connection.isActive else {
            discard(connection)
            return
        }
        let waiter = state.withLock { state -> CheckedContinuation<HTTPConnection?, Never>? in
            if state.closed { return nil }
            if !state.waiters.isEmpty { return state.waiters.removeFirst() }
            state.idle.append(connection)
            return nil
        }
        if let waiter {
            waiter.resume(returning: connection)
        } else if isClosed {
            discard(connection)
        }
    }

    private func discard(_ connection: HTTPConnection) {
        connection.close()
        state.withLock { _ = $0.all.removeValue(forKey: ObjectIdentifier(connection.channel)) }
        wakeOneWaiter()
    }

    /// Lets one waiting caller try again (a connection slot was freed).
    private func wakeOneWaiter() {
        let waiter = state.withLock { state -> CheckedContinuation<HTTPConnection?, Never>? in
            state.waiters.isEmpty ? nil : state.waiters.removeFirst()
        }
        waiter?.resume(returning: nil)
    }

    struct PoolClosed: Error {}
}
