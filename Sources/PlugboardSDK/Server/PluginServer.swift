import Logging
import NIOConcurrencyHelpers
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
/// Each connection is served by a child task of one task group; requests on a connection are answered in order
/// (HTTP/1.1 without pipelining surprises). Stopping closes the listener, closes idle connections at once, lets
/// busy ones finish their response, and then returns.
final class PluginServer: Sendable {
    typealias Connection = NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>

    let router: Router
    let logger: Logger
    let configuration: PluginServerConfiguration
    let activity: ActivityTracker
    let stop: StopTrigger
    let token: [UInt8]?
    let events: EventHub
    private let connections = NIOLockedValueBox<ConnectionSet>(ConnectionSet())

    init(router: Router, logger: Logger, configuration: PluginServerConfiguration, activity: ActivityTracker, stop: StopTrigger, token: [UInt8]?, events: EventHub) {
        self.events = events
        self.router = router
        self.logger = logger
        self.configuration = configuration
        self.activity = activity
        self.stop = stop
        self.token = token
    }

    /// Binds the listener: a Unix socket at `path`, or 127.0.0.1 with a port the kernel chooses.
    func bind(_ target: BindTarget, group: any EventLoopGroup) async throws -> NIOAsyncChannel<Connection, Never> {
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.so_keepalive), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 16)
        let initializer: @Sendable (any Channel) -> EventLoopFuture<Connection> = { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.configureHTTPServerPipeline(
                    withErrorHandling: false,
                    // The SDK writes every response header itself (type, length, allow, connection): validating
                    // them per response cost ~5% of a small call for nothing.
                    withOutboundHeaderValidation: false
                )
                try channel.pipeline.syncOperations.addHandler(MalformedRequestHandler())
                return try Connection(wrappingChannelSynchronously: channel)
            }
        }
        switch target {
        case .unix(let path):
            // Bind under umask 0177 so the socket is never, even briefly, more open than 0600.
            let previous = umask(0o177)
            defer { umask(previous) }
            return try await bootstrap.bind(unixDomainSocketPath: path, cleanupExistingSocketFile: false, serverBackPressureStrategy: nil, childChannelInitializer: initializer)
        case .tcp:
            return try await bootstrap
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .bind(host: "127.0.0.1", port: 0, childChannelInitializer: initializer)
        }
    }

    /// Serves connections until a stop is requested, then drains and returns.
    func serve(_ listener: NIOAsyncChannel<Connection, Never>) async throws {
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask {
                _ = await self.stop.wait()
                listener.channel.close(promise: nil)
                self.closeIdleConnections()
            }
            try await listener.executeThenClose { inbound in
                for try await connection in inbound {
                    group.addTask { await self.handle(connection) }
                }
            }
        }
    }

    private func closeIdleConnections() {
        let idle = connections.withLockedValue { set -> [any Channel] in
            set.stopping = true
            return Array(set.idle.values)
        }
        for channel in idle { channel.close(promise: nil) }
    }

    private func handle(_ connection: Connection) async {
        let channel = connection.channel
        let id = ObjectIdentifier(channel)
        guard connections.withLockedValue({ set in
            guard !set.stopping else { return false }
            set.idle[id] = channel
            return true
        }) else {
            channel.close(promise: nil)
            return
        }
        defer { _ = connections.withLockedValue { $0.idle.removeValue(forKey: id) } }
        do {
            try await connection.executeThenClose { inbound, outbound in
                var head: HTTPRequestHead?
                var body = channel.allocator.buffer(capacity: 0)
                var tooLarge = false
                for try await part in inbound {
                    switch part {
                    case .head(let requestHead):
                        connections.withLockedValue { _ = $0.idle.removeValue(forKey: id) }
                        // The events stream stays open for the plugin's life: it is not a request in flight.
                        if !Self.isEventStream(requestHead) { activity.begin() }
                        head = requestHead
                        body.clear()
                        tooLarge = false
                        // One allocation of the announced size: a large body is not regrown chunk by chunk.
                        if let length = requestHead.headers.first(name: "content-length").flatMap(Int.init), length <= configuration.maxBodySize {
                            body.reserveCapacity(length)
                        }
                    case .body(var chunk):
                        if body.readableBytes + chunk.readableBytes > configuration.maxBodySize {
                            tooLarge = true
                        } else if !tooLarge {
                            body.writeBuffer(&chunk)
                        }
                    case .end:
                        guard let requestHead = head else { continue }
                        head = nil
                        if Self.isEventStream(requestHead) {
                            try await streamEvents(requestHead, to: outbound, allocator: channel.allocator)
                            return
                        }
                        let response: Router.Response
                        if tooLarge {
                            response = .error(413, "request body is larger than the limit of \(configuration.maxBodySize) bytes")
                        } else {
                            response = await respond(to: requestHead, body: body)
                        }
                        let keepAlive = requestHead.isKeepAlive && !tooLarge && !stop.isFired
                        try await write(response, head: requestHead, keepAlive: keepAlive, to: outbound, allocator: channel.allocator)
                        activity.end()
                        guard keepAlive else { return }
                        let stopping = connections.withLockedValue { set -> Bool in
                            if !set.stopping { set.idle[id] = channel }
                            return set.stopping
                        }
                        if stopping { return }
                    }
                }
            }
        } catch {
            logger.debug("connection closed with error", metadata: ["error": "\(error)"])
        }
    }

    private func respond(to head: HTTPRequestHead, body: ByteBuffer) async -> Router.Response {
        if let token, !Self.authorized(head.headers, token: token) {
            return .error(401, "missing or wrong bearer token")
        }
        let path = head.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? head.uri
        switch (head.method, path) {
        case (.GET, "/healthz"), (.HEAD, "/healthz"):
            return .json(200, Array(#"{"status":"ok"}"#.utf8))
        case (.POST, "/shutdown"):
            stop.fire(.shutdownRequest)
            return .json(200, Array(#"{"status":"shutting down"}"#.utf8))
        case (_, "/healthz"), (_, "/shutdown"):
            var response = Router.Response.error(405, "method \(head.method.rawValue) not allowed on \(path)")
            response.allow = path == "/healthz" ? "GET, HEAD" : "POST"
            return response
        default:
            switch router.lookup(method: head.method.rawValue, path: path) {
            case .failure(let miss):
                var response = miss.response
                response.allow = miss.allow
                return response
            case .success(let route):
                return await Router.run(route, body: Array(buffer: body), logger: logger)
            }
        }
    }

    private func write(
        _ response: Router.Response,
        head request: HTTPRequestHead,
        keepAlive: Bool,
        to outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>,
        allocator: ByteBufferAllocator
    ) async throws {
        var headers = HTTPHeaders()
        headers.reserveCapacity(3)
        headers.add(name: "content-type", value: response.contentType)
        headers.add(name: "content-length", value: String(response.body.count))
        if !keepAlive { headers.add(name: "connection", value: "close") }
        if let allow = response.allow { headers.add(name: "allow", value: allow) }
        let head = HTTPResponseHead(version: request.version, status: .init(statusCode: response.status), headers: headers)
        if request.method == .HEAD || response.body.isEmpty {
            try await outbound.write(contentsOf: [.head(head), .end(nil)])
        } else {
            let buffer = allocator.buffer(bytes: response.body)
            try await outbound.write(contentsOf: [.head(head), .body(.byteBuffer(buffer)), .end(nil)])
        }
    }

    static func isEventStream(_ head: HTTPRequestHead) -> Bool {
        head.method == .GET && (head.uri == V2Paths.events || head.uri.hasPrefix(V2Paths.events + "?"))
    }

    /// Serves `GET /plugboard/v2/events?listen=a,b`: a chunked `application/x-ndjson` response, one event per line,
    /// until the plugin stops or the host opens a new stream.
    private func streamEvents(_ request: HTTPRequestHead, to outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>, allocator: ByteBufferAllocator) async throws {
        if let token, !Self.authorized(request.headers, token: token) {
            try await write(.error(401, "missing or wrong bearer token"), head: request, keepAlive: false, to: outbound, allocator: allocator)
            return
        }
        let query = request.uri.split(separator: "?", maxSplits: 1).dropFirst().first ?? ""
        var names = Set<String>()
        for parameter in query.split(separator: "&") where parameter.hasPrefix("listen=") {
            for name in parameter.dropFirst("listen=".count).split(separator: ",") {
                if let decoded = V2Paths.percentDecode(name), !decoded.isEmpty { names.insert(decoded) }
            }
        }
        let (subscription, stream) = events.subscribe(to: names)
        defer { events.unsubscribe(subscription) }
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: "application/x-ndjson")
        headers.add(name: "transfer-encoding", value: "chunked")
        headers.add(name: "connection", value: "close")
        try await outbound.write(.head(HTTPResponseHead(version: request.version, status: .ok, headers: headers)))
        for await event in stream {
            guard var line = try? WireJSON.encode(event) else { continue }
            line.append(UInt8(ascii: "\n"))
            try await outbound.write(.body(.byteBuffer(allocator.buffer(bytes: line))))
        }
        try await outbound.write(.end(nil))
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

/// Where the server listens.
enum BindTarget: Sendable {
    case unix(path: String)
    case tcp
}

/// Open connections waiting for their next request, closed at once when the server stops.
struct ConnectionSet {
    var idle: [ObjectIdentifier: any Channel] = [:]
    var stopping = false
}
