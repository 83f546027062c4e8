import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import PlugboardProtocol

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The plugin's HTTP/1.1 server, on SwiftNIO's codec directly (see docs/PERFORMANCE.md for why not a framework).
///
/// Each connection is answered by a ``PluginRequestHandler`` on its event loop: the built-in endpoints and every
/// error are answered there at once, and a route's handler runs as a task on the same loop (with `PluginMain`,
/// NIO's loop is Swift concurrency's executor, so a request never changes threads). Requests on a connection are
/// answered in order. Stopping closes the listener, closes idle connections at once, lets busy ones finish their
/// response, and returns when every connection is closed and every handler has ended (``HandlerTasks``).
final class PluginServer: Sendable {
    let router: Router
    let logger: Logger
    let configuration: PluginServerConfiguration
    let activity: ActivityTracker
    let stop: StopTrigger
    let token: [UInt8]?
    let events: EventHub
    let connections = ConnectionRegistry()
    /// The route handlers running (each a task of its own): a stop waits for them, and cancels them at its end.
    let handlers = HandlerTasks()
    /// TLS on every accepted connection (an attached plugin's `--tls-cert`), or nil.
    let tls: TLSServer?

    init(router: Router, logger: Logger, configuration: PluginServerConfiguration, activity: ActivityTracker, stop: StopTrigger, token: [UInt8]?, events: EventHub, tls: TLSServer? = nil) {
        self.tls = tls
        self.events = events
        self.router = router
        self.logger = logger
        self.configuration = configuration
        self.activity = activity
        self.stop = stop
        self.token = token
    }

    /// Binds the listener: a Unix socket at `path`, or 127.0.0.1 with a port the kernel chooses.
    func bind(_ target: BindTarget, group: any EventLoopGroup) async throws -> any Channel {
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.so_keepalive), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 16)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try self.configureConnection(channel) }
            }
        switch target {
        case .unix(let path):
            // Never, even briefly, more open than 0600 at `path`; no process-wide umask (see PrivateSocketBind).
            return try await PrivateSocketBind.bind(at: path) { temporary in
                try await bootstrap.bind(unixDomainSocketPath: temporary, cleanupExistingSocketFile: false).get()
            } close: { listener in
                try? await listener.close()
            }
        case .tcp(let address):
            // `.tcpOption`, not `.socketOption`: at SOL_SOCKET the number of TCP_NODELAY is SO_DEBUG, which needs
            // CAP_NET_ADMIN (a sandboxed plugin has none; every accepted connection was closed).
            return try await bootstrap
                .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
                .bind(host: address.host, port: address.port).get()
        }
    }

    /// The URL clients reach `location` at: `https://` over TLS.
    func url(_ location: Location) -> String {
        guard tls != nil else { return location.description }
        return "https" + location.description.dropFirst("http".count)
    }

    /// Adds a connection's handlers to its pipeline: TLS first when the plugin serves it, then the request decoder
    /// only, for PluginRequestHandler writes whole responses itself, keeps pipelined requests in order and answers
    /// malformed ones (see there for why). Call on the channel's event loop.
    func configureConnection(_ channel: any Channel) throws {
        try tls?.addHandlers(to: channel.pipeline.syncOperations, logger: logger)
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .dropBytes)))
        try channel.pipeline.syncOperations.addHandler(PluginRequestHandler(server: self))
    }

    /// How long a stop whose grace ran out waits for the handlers it cancelled to end.
    static let handlerCancellationGrace: Duration = .seconds(1)

    /// Serves until a stop is requested, then stops accepting, drains the connections, waits for every handler
    /// still running (also those whose connection has closed) and returns. Cancelled (the graceful stop ran out of
    /// time), it closes every connection at once, cancels the handlers and waits at most
    /// ``handlerCancellationGrace`` for them to end.
    func serve(_ listener: any Channel) async throws {
        _ = await stop.wait()
        try? await listener.close()
        await connections.stopAndWait()
        await handlers.waitForAll(cancellationGrace: TimeAmount(Self.handlerCancellationGrace), on: listener.eventLoop)
        let left = handlers.count
        if left > 0 {
            logger.warning("\(left) request handler(s) did not end within \(Self.handlerCancellationGrace) of being cancelled; stopping without them")
        }
    }

    /// What a request gets: an answer now, or a route to run.
    enum Dispatch {
        case respond(Router.Response)
        case run(Route)
    }

    /// Answers the built-in endpoints, authentication and routing misses; finds the route otherwise.
    func dispatch(_ head: HTTPRequestHead) -> Dispatch {
        if let token, !Self.authorized(head.headers, token: token) {
            return .respond(.error(401, "missing or wrong bearer token"))
        }
        let path = head.uri.firstIndex(of: "?").map { String(head.uri[..<$0]) } ?? head.uri
        switch (head.method, path) {
        case (.GET, "/healthz"), (.HEAD, "/healthz"):
            return .respond(.json(200, Array(#"{"status":"ok"}"#.utf8)))
        case (.POST, "/shutdown"):
            stop.fire(.shutdownRequest)
            return .respond(.json(200, Array(#"{"status":"shutting down"}"#.utf8)))
        case (_, "/healthz"), (_, "/shutdown"):
            var response = Router.Response.error(405, "method \(head.method.rawValue) not allowed on \(path)")
            response.allow = path == "/healthz" ? "GET, HEAD" : "POST"
            return .respond(response)
        default:
            switch router.lookup(method: head.method.rawValue, path: path) {
            case .failure(let miss):
                var response = miss.response
                response.allow = miss.allow
                return .respond(response)
            case .success(let route):
                return .run(route)
            }
        }
    }

    static func isEventStream(_ head: HTTPRequestHead) -> Bool {
        head.method == .GET && (head.uri == V2Paths.events || head.uri.hasPrefix(V2Paths.events + "?"))
    }

    /// Compares the bearer token in constant time (for tokens of equal length).
    static func authorized(_ headers: HTTPHeaders, token: [UInt8]) -> Bool {
        guard let value = headers.first(name: "authorization"), value.hasPrefix("Bearer ") else { return false }
        let given = Array(value.utf8.dropFirst("Bearer ".utf8.count))
        guard given.count == token.count else { return false }
        var difference: UInt8 = 0
        for index in 0..<token.count { difference |= given[index] ^ token[index] }
        return difference == 0
    }
}
