import NIOCore
import NIOHTTP1

/// One whole request: its head and body, or the fact that the body went over the limit (the rest was dropped).
struct ServerRequest: Sendable {
    var head: HTTPRequestHead
    var body: ByteBuffer
    var tooLarge: Bool
}

/// Gathers a request's parts on the event loop and hands the connection's task one ``ServerRequest``, so each
/// request costs one step of the async sequence instead of one per part. `started` runs when the head arrives,
/// which is when a request starts to count as in flight.
final class RequestAggregator: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = ServerRequest

    private let maxBodySize: Int
    private let started: @Sendable (HTTPRequestHead) -> Void
    private var head: HTTPRequestHead?
    private var body: ByteBuffer?
    private var tooLarge = false

    init(maxBodySize: Int, started: @escaping @Sendable (HTTPRequestHead) -> Void) {
        self.maxBodySize = maxBodySize
        self.started = started
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            body = nil
            tooLarge = false
            if let length = requestHead.headers.first(name: "content-length").flatMap(Int.init), length > maxBodySize {
                tooLarge = true
            }
            started(requestHead)
        case .body(var chunk):
            guard !tooLarge else { return }
            if (body?.readableBytes ?? 0) + chunk.readableBytes > maxBodySize {
                tooLarge = true
                body = nil
            } else if body == nil {
                body = chunk
            } else {
                body!.writeBuffer(&chunk)
            }
        case .end:
            guard let requestHead = head else { return }
            let request = ServerRequest(head: requestHead, body: body ?? context.channel.allocator.buffer(capacity: 0), tooLarge: tooLarge)
            head = nil
            body = nil
            context.fireChannelRead(wrapInboundOut(request))
        }
    }
}
