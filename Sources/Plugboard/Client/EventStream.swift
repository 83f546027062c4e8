import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import PlugboardProtocol

/// The host's end of a plugin's events stream: a dedicated connection carrying `GET /plugboard/v2/events`, read
/// line by line as the plugin writes. Opening returns once the plugin has answered (and so has subscribed): an event
/// notified after that reaches the host.
final class EventStream: Sendable {
    let channel: any Channel
    /// Complete lines of the body, in order; finishes when the stream ends.
    let lines: AsyncStream<[UInt8]>

    private init(channel: any Channel, lines: AsyncStream<[UInt8]>) {
        self.channel = channel
        self.lines = lines
    }

    /// Connects and subscribes to `names`.
    static func open(to location: Location, names: [String], token: String?, group: any EventLoopGroup, timeout: Duration) async throws -> EventStream {
        let (lines, continuation) = AsyncStream.makeStream(of: [UInt8].self)
        let opened = OneShot<Int>()
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(.nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(EventStreamHandler(opened: opened, continuation: continuation))
                }
            }
        let channel: any Channel
        switch location {
        case .unix(let path): channel = try await bootstrap.connect(unixDomainSocketPath: path).get()
        case .tcp(let host, let port): channel = try await bootstrap.connect(host: host, port: port).get()
        }
        var headers = HTTPHeaders()
        headers.add(name: "host", value: "localhost")
        if let token { headers.add(name: "authorization", value: "Bearer \(token)") }
        let head = HTTPRequestHead(version: .http1_1, method: .GET, uri: V2Paths.events(listening: names), headers: headers)
        channel.write(HTTPClientRequestPart.head(head), promise: nil)
        try await channel.writeAndFlush(HTTPClientRequestPart.end(nil)).get()
        let status: Int
        do {
            status = try await withDeadline(timeout) { try await opened.wait() }
        } catch {
            channel.close(promise: nil)
            throw error
        }
        guard status == 200 else {
            channel.close(promise: nil)
            throw HTTPStatusError(status: status)
        }
        return EventStream(channel: channel, lines: lines)
    }

    /// Closes the stream.
    func close() { channel.close(promise: nil) }

    struct HTTPStatusError: Error, CustomStringConvertible {
        let status: Int
        var description: String { "the events endpoint answered \(status)" }
    }
}

/// Splits the events response into lines; reports the status once the head arrives.
final class EventStreamHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart

    private let opened: OneShot<Int>
    private let continuation: AsyncStream<[UInt8]>.Continuation
    private var pending: [UInt8] = []
    /// A line longer than this ends the stream: the plugin is not speaking the protocol.
    private let maxLine = 16 << 20

    init(opened: OneShot<Int>, continuation: AsyncStream<[UInt8]>.Continuation) {
        self.opened = opened
        self.continuation = continuation
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
                    continuation.yield(pending)
                    pending.removeAll(keepingCapacity: true)
                    start = index + 1
                }
                pending.append(contentsOf: bytes[start...])
            }
            if pending.count > maxLine { context.close(promise: nil) }
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
