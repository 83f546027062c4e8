import Instrumentation
import NIOCore
import NIOHTTP1
import PlugboardProtocol

/// Answers the requests of one connection, on its event loop.
///
/// The body is gathered into one buffer (sized from `content-length`), built-in endpoints and errors are written
/// at once, and a route's handler runs as a task whose result is written back on the loop. Measured against serving
/// through `NIOAsyncChannel` (a task per connection iterating an async sequence, writing through its async writer),
/// this cut the plugin's CPU per small call by about a third (docs/PERFORMANCE.md).
///
/// Pipelined requests (sent before the previous response) wait in a queue and are answered in order. Reading stops
/// only when that queue is long: NIO's own pipelining handler stops and restarts reading around every request,
/// two `epoll_ctl` calls per call that a host sending one request at a time never needs.
///
/// Responses are written as whole buffers (``ResponseBytes``), not through NIO's response encoder; a request the
/// HTTP parser rejects is answered with the protocol's JSON 400 (NIO's own handler would send an empty body).
final class PluginRequestHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// Request parts queued behind a request in progress before reading pauses.
    static let maxQueuedParts = 64

    let server: PluginServer
    private var head: HTTPRequestHead?
    private var body: ByteBuffer?
    /// What becomes of the current request's body: gathered, or dropped as it comes because the request will be
    /// refused anyway (too large; no or a wrong token, decided on the head so that an unauthenticated peer cannot
    /// make the plugin hold `maxBodySize` per connection).
    private var bodyFate = BodyFate.gather

    private enum BodyFate {
        case gather
        case tooLarge
        case unauthorized
    }
    /// A request counted in ``ActivityTracker`` whose response is not out yet.
    private var counted = false
    /// The events stream this connection serves, if it does.
    var eventSubscription: Int?
    /// A request is being answered (its handler runs, or it is the events stream); later parts wait in `queued`.
    private var busy = false
    /// The last response said `connection: close`: nothing more is answered.
    private var closing = false
    private var queued = CircularBuffer<HTTPServerRequestPart>()
    private var draining = false
    private var readHeld = false

    init(server: PluginServer) {
        self.server = server
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if !server.connections.opened(context.channel) { context.close(promise: nil) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        server.connections.closed(context.channel)
        // A request cut off before its end is no longer in flight (one whose handler runs ends when it returns).
        if counted && head != nil {
            counted = false
            server.activity.end()
        }
        if let eventSubscription { server.events.unsubscribe(eventSubscription) }
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        server.connections.closed(context.channel)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        if busy || !queued.isEmpty || closing {
            queued.append(part)
            return
        }
        handle(part, context: context)
    }

    /// Reads on, unless 64 request parts are waiting or the client is not reading its responses (the socket stopped
    /// taking them): a client that pipelines without reading cannot make the plugin buffer without bound.
    func read(context: ChannelHandlerContext) {
        if queued.count >= Self.maxQueuedParts || !context.channel.isWritable {
            readHeld = true
        } else {
            context.read()
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        resumeReading(context: context)
        context.fireChannelWritabilityChanged()
    }

    private func resumeReading(context: ChannelHandlerContext) {
        guard readHeld, queued.count < Self.maxQueuedParts, !closing, context.channel.isWritable else { return }
        readHeld = false
        context.read()
    }

    /// Answers the queued requests once the one in progress is done, and reads again if reading was paused.
    private func drainQueue(context: ChannelHandlerContext) {
        guard !draining else { return }
        draining = true
        defer { draining = false }
        while !busy, !closing, context.channel.isActive, let part = queued.popFirst() {
            handle(part, context: context)
        }
        resumeReading(context: context)
    }

    private func handle(_ part: HTTPServerRequestPart, context: ChannelHandlerContext) {
        switch part {
        case .head(let requestHead):
            server.connections.mark(context.channel, busy: true)
            // The events stream stays open for the plugin's life: it is not a request in flight.
            if !PluginServer.isEventStream(requestHead) {
                server.activity.begin()
                counted = true
            }
            head = requestHead
            body = nil
            if let token = server.token, !PluginServer.authorized(requestHead.headers, token: token) {
                bodyFate = .unauthorized
                return
            }
            bodyFate = .gather
            // One allocation of the announced size: a large body is not regrown chunk by chunk. (A small one usually
            // comes in one chunk, which is kept as it is.)
            if let length = requestHead.headers.first(name: "content-length").flatMap(Int.init), length > 16 * 1024, length <= server.configuration.maxBodySize {
                body = context.channel.allocator.buffer(capacity: length)
            }
        case .body(var chunk):
            guard bodyFate == .gather else { return }
            let gathered = body?.readableBytes ?? 0
            if gathered + chunk.readableBytes > server.configuration.maxBodySize {
                bodyFate = .tooLarge
                body = nil
            } else {
                if var buffer = body {
                    // Taken out first so that it grows in place.
                    body = nil
                    buffer.writeBuffer(&chunk)
                    body = buffer
                } else {
                    body = chunk
                }
            }
        case .end:
            guard let request = head else { return }
            head = nil
            let requestBody = body
            body = nil
            switch bodyFate {
            case .unauthorized:
                respond(.error(401, "missing or wrong bearer token"), to: request, keepAlive: false, context: context)
                return
            case .tooLarge:
                respond(.error(413, "request body is larger than the limit of \(server.configuration.maxBodySize) bytes"), to: request, keepAlive: false, context: context)
                return
            case .gather:
                break
            }
            if PluginServer.isEventStream(request) {
                busy = true
                streamEvents(request, context: context)
                return
            }
            switch server.dispatch(request) {
            case .respond(let response):
                respond(response, to: request, keepAlive: request.isKeepAlive, context: context)
            case .run(let route):
                busy = true
                let logger = server.logger
                let bytes = requestBody.map { Array(buffer: $0) } ?? []
                let loop = context.eventLoop
                let bound = NIOLoopBound((handler: self, context: context), eventLoop: loop)
                let handlers = server.handlers
                let id = handlers.begin()
                let run: @Sendable () async -> Void = {
                    defer { handlers.end(id) }
                    let response: Router.Response
                    // The handler runs in the host's trace context when the plugin bootstrapped an instrument.
                    if let trace = TracePropagation.context(of: request.headers) {
                        response = await ServiceContext.withValue(trace) { await Router.run(route, body: bytes, logger: logger) }
                    } else {
                        response = await Router.run(route, body: bytes, logger: logger)
                    }
                    if loop.inEventLoop {
                        bound.value.handler.respond(response, to: request, keepAlive: request.isKeepAlive, context: bound.value.context)
                    } else {
                        loop.execute {
                            bound.value.handler.respond(response, to: request, keepAlive: request.isKeepAlive, context: bound.value.context)
                        }
                    }
                }
                // The handler starts right here, on the loop, and a handler that never suspends (most do not) answers
                // before this returns: no job to enqueue and no further loop tick. One that suspends resumes on its
                // executor (with `PluginMain`, this loop) and answers from there. Its task belongs to the server's
                // `HandlerTasks`, which a stop waits for and cancels.
                let task: Task<Void, Never>
                if #available(macOS 26, *) {
                    task = Task.immediate(operation: run)
                } else {
                    task = Task(operation: run)
                }
                handlers.attach(task, to: id)
            }
        }
    }

    /// Writes a response and ends the request: the connection goes back to idle, or closes when it may not be
    /// kept (the client asked, the body was too large, or the plugin is stopping).
    func respond(_ response: Router.Response, to request: HTTPRequestHead, keepAlive requested: Bool, context: ChannelHandlerContext) {
        let keepAlive = requested && !server.stop.isFired
        let bytes = ResponseBytes.response(
            status: response.status, version: request.version, contentType: response.contentType, body: response.body,
            includeBody: request.method != .HEAD, keepAlive: keepAlive, allow: response.allow, allocator: context.channel.allocator
        )
        let channel = context.channel
        if counted {
            counted = false
            server.activity.end()
        }
        busy = false
        if keepAlive {
            context.writeAndFlush(wrapOutboundOut(bytes), promise: nil)
            if server.connections.mark(channel, busy: false) {
                closing = true
                context.close(promise: nil)
            } else {
                drainQueue(context: context)
            }
        } else {
            closing = true
            context.writeAndFlush(wrapOutboundOut(bytes)).assumeIsolatedUnsafeUnchecked().whenComplete { _ in
                channel.close(promise: nil)
            }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard error is HTTPParserError, !closing else {
            server.logger.debug("connection closed with error", metadata: ["error": "\(error)"])
            context.close(promise: nil)
            return
        }
        // Malformed HTTP: the protocol's JSON error body, then close (the parser cannot go on after an error).
        closing = true
        let body = (try? WireJSON.encode(ErrorBody(message: "malformed HTTP request: \(error)", statusCode: 400))) ?? []
        let bytes = ResponseBytes.response(
            status: 400, version: .http1_1, contentType: "application/json", body: body,
            includeBody: true, keepAlive: false, allow: nil, allocator: context.channel.allocator
        )
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(bytes)).assumeIsolatedUnsafeUnchecked().whenComplete { _ in
            channel.close(promise: nil)
        }
    }
}
