import NIOCore
import NIOHTTP1

/// Splits the events response into lines; reports the status once the head arrives.
final class EventStreamHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart

    private let opened: OneShot<Int>
    private let continuation: AsyncStream<[UInt8]>.Continuation
    private let backlog: EventBacklog
    private var pending: [UInt8] = []
    /// A line longer than this ends the stream: the plugin is not speaking the protocol.
    private let maxLine = 16 << 20

    init(opened: OneShot<Int>, continuation: AsyncStream<[UInt8]>.Continuation, backlog: EventBacklog) {
        self.opened = opened
        self.continuation = continuation
        self.backlog = backlog
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            opened.succeed(Int(head.status.code))
        case .body(let buffer):
            buffer.withUnsafeReadableBytes { bytes in
                var start = bytes.startIndex
                for index in bytes.indices where bytes[index] == UInt8(ascii: "\n") {
                    pending.append(contentsOf: bytes[start..<index])
                    backlog.add()
                    continuation.yield(pending)
                    pending.removeAll(keepingCapacity: true)
                    start = index + 1
                }
                pending.append(contentsOf: bytes[start...])
            }
            if pending.count > maxLine { context.close(promise: nil) }
            // Handlers are behind: stop reading, so the plugin's own queue fills and its notify says so.
            if backlog.isFull {
                context.channel.setOption(ChannelOptions.autoRead, value: false).whenFailure { _ in }
                // Handlers may have caught up meanwhile, past the point where they would have resumed reading.
                if backlog.isDrained { context.channel.setOption(ChannelOptions.autoRead, value: true).whenFailure { _ in } }
            }
        case .end:
            continuation.finish()
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        opened.fail(HTTPClientFailure.closedBeforeResponse)
        continuation.finish()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        opened.fail(error)
        continuation.finish()
        context.close(promise: nil)
    }
}
