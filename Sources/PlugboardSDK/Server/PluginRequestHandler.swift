import NIOCore
import NIOHTTP1
import PlugboardProtocol

/// Answers the requests of one connection, on its event loop.
///
/// The body is gathered into one buffer (sized from `content-length`), built-in endpoints and errors are written
/// at once, and a route's handler runs as a task whose result is written back on the loop. NIO's pipelining
/// handler in front holds a connection's next request until this one's response is out, so responses keep order.
/// Measured against serving through `NIOAsyncChannel` (a task per connection iterating an async sequence, writing
/// through its async writer), this cut the plugin's CPU per small call by about a fifth (docs/PERFORMANCE.md).
final class PluginRequestHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let server: PluginServer
    private var head: HTTPRequestHead?
    private var body: ByteBuffer?
    private var tooLarge = false
    /// A request counted in ``ActivityTracker`` whose response is not out yet.
    private var counted = false
    /// The events stream this connection serves, if it does.
    var eventSubscription: Int?

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
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            server.connections.mark(context.channel, busy: true)
            // The events stream stays open for the plugin's life: it is not a request in flight.
            if !PluginServer.isEventStream(requestHead) {
                server.activity.begin()
                counted = true
            }
            head = requestHead
            tooLarge = false
            body = nil
            // One allocation of the announced size: a large body is not regrown chunk by chunk.
            if let length = requestHead.headers.first(name: "content-length").flatMap(Int.init), length > 0, length <= server.configuration.maxBodySize {
                body = context.channel.allocator.buffer(capacity: length)
            }
        case .body(var chunk):
            let gathered = body?.readableBytes ?? 0
            if gathered + chunk.readableBytes > server.configuration.maxBodySize {
                tooLarge = true
                body = nil
            } else if !tooLarge {
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
            let requestBody = body ?? context.channel.allocator.buffer(capacity: 0)
            body = nil
            if PluginServer.isEventStream(request) {
                streamEvents(request, context: context)
                return
            }
            if tooLarge {
                respond(.error(413, "request body is larger than the limit of \(server.configuration.maxBodySize) bytes"), to: request, keepAlive: false, context: context)
                return
            }
            switch server.dispatch(request) {
            case .respond(let response):
                respond(response, to: request, keepAlive: request.isKeepAlive, context: context)
            case .run(let route):
                let logger = server.logger
                let bytes = Array(buffer: requestBody)
                // With `PluginMain`, this task runs on this very loop: no thread hop either way.
                context.eventLoop.makeFutureWithTask {
                    await Router.run(route, body: bytes, logger: logger)
                }.assumeIsolatedUnsafeUnchecked().whenSuccess { response in
                    self.respond(response, to: request, keepAlive: request.isKeepAlive, context: context)
                }
            }
        }
    }

    /// Writes a response and ends the request: the connection goes back to idle, or closes when it may not be
    /// kept (the client asked, the body was too large, or the plugin is stopping).
    func respond(_ response: Router.Response, to request: HTTPRequestHead, keepAlive requested: Bool, context: ChannelHandlerContext) {
        let keepAlive = requested && !server.stop.isFired
        var headers = HTTPHeaders()
        headers.reserveCapacity(4)
        headers.add(name: "content-type", value: response.contentType)
        headers.add(name: "content-length", value: String(response.body.count))
        if !keepAlive { headers.add(name: "connection", value: "close") }
        if let allow = response.allow { headers.add(name: "allow", value: allow) }
        let head = HTTPResponseHead(version: request.version, status: .init(statusCode: response.status), headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        if request.method != .HEAD && !response.body.isEmpty {
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: response.body)))), promise: nil)
        }
        let channel = context.channel
        if counted {
            counted = false
            server.activity.end()
        }
        if keepAlive {
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            if server.connections.mark(channel, busy: false) { context.close(promise: nil) }
        } else {
            context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolatedUnsafeUnchecked().whenComplete { _ in
                channel.close(promise: nil)
            }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        server.logger.debug("connection closed with error", metadata: ["error": "\(error)"])
        context.close(promise: nil)
    }
}
