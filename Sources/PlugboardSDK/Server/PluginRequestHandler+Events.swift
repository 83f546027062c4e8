import NIOCore
import NIOHTTP1
import PlugboardProtocol

extension PluginRequestHandler {
    /// Serves `GET /plugboard/v2/events?listen=a,b`: a chunked `application/x-ndjson` response, one event per line,
    /// until the plugin stops, the host opens a new stream, or the host closes this one.
    ///
    /// Events are written as they come; when the socket stops taking them (the host reads slowly), the writer waits
    /// for the last write before taking the next event, so the queue in ``EventHub`` fills and `notify` reports it,
    /// instead of this process buffering without bound.
    func streamEvents(_ request: HTTPRequestHead, context: ChannelHandlerContext) {
        let server = self.server
        if let token = server.token, !PluginServer.authorized(request.headers, token: token) {
            respond(.error(401, "missing or wrong bearer token"), to: request, keepAlive: false, context: context)
            return
        }
        let query = request.uri.split(separator: "?", maxSplits: 1).dropFirst().first ?? ""
        var names = Set<String>()
        for parameter in query.split(separator: "&") where parameter.hasPrefix("listen=") {
            for name in parameter.dropFirst("listen=".count).split(separator: ",") {
                if let decoded = V2Paths.percentDecode(name), !decoded.isEmpty { names.insert(decoded) }
            }
        }
        let (subscription, stream) = server.events.subscribe(to: names)
        eventSubscription = subscription
        context.writeAndFlush(wrapOutboundOut(ResponseBytes.eventStreamHead(version: request.version, allocator: context.channel.allocator)), promise: nil)
        let channel = context.channel
        let events = server.events
        context.eventLoop.makeFutureWithTask {
            defer { events.unsubscribe(subscription) }
            for await event in stream {
                guard var line = try? WireJSON.encode(event) else { continue }
                line.append(UInt8(ascii: "\n"))
                let written: EventLoopFuture<Void> = channel.writeAndFlush(ResponseBytes.chunk(line, allocator: channel.allocator))
                if !channel.isWritable { try await written.get() }
            }
            try await channel.writeAndFlush(ResponseBytes.lastChunk(allocator: channel.allocator))
        }.assumeIsolatedUnsafeUnchecked().whenComplete { _ in
            channel.close(promise: nil)
        }
    }
}
