import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import PlugboardProtocol
import Synchronization

/// The host's end of a plugin's events stream: a dedicated connection carrying `GET /plugboard/v2/events`, read
/// line by line as the plugin writes. Opening returns once the plugin has answered (and so has subscribed): an event
/// notified after that reaches the host.
final class EventStream: Sendable {
    let channel: any Channel
    /// Complete lines of the body, in order; finishes when the stream ends. Call ``delivered()`` after each one.
    let lines: AsyncStream<[UInt8]>
    private let backlog: EventBacklog

    private init(channel: any Channel, lines: AsyncStream<[UInt8]>, backlog: EventBacklog) {
        self.channel = channel
        self.lines = lines
        self.backlog = backlog
    }

    /// Marks one line as handled; reading resumes once the backlog is down to ``EventBacklog/resumeBelow``.
    func delivered() {
        if backlog.remove() { channel.setOption(ChannelOptions.autoRead, value: true).whenFailure { _ in } }
    }

    /// Connects and subscribes to `names`.
    static func open(to location: Location, names: [String], token: String?, group: any EventLoopGroup, timeout: Duration, tls: TLSClient? = nil) async throws -> EventStream {
        let (lines, continuation) = AsyncStream.makeStream(of: [UInt8].self)
        let opened = OneShot<Int>()
        let backlog = EventBacklog()
        let handshake = tls.map { _ in OneShot<Void>() }
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(TimeAmount(timeout))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls, let handshake, case .tcp(let host, _) = location {
                        try tls.addHandlers(to: channel.pipeline.syncOperations, host: host, handshake: handshake)
                    }
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(EventStreamHandler(opened: opened, continuation: continuation, backlog: backlog))
                }
            }
        let channel: any Channel
        switch location {
        case .unix(let path): channel = try await bootstrap.connect(unixDomainSocketPath: path).get()
        case .tcp(let host, let port): channel = try await bootstrap.connect(host: host, port: port).get()
        }
        if let handshake { try await TLSClient.awaitHandshake(handshake, on: channel, timeout: timeout) }
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
        return EventStream(channel: channel, lines: lines, backlog: backlog)
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

/// Lines read from an events stream but not yet handled. Past ``pauseAbove`` the host stops reading the stream (TCP
/// back-pressure reaches the plugin, whose queue then fills and whose `notify` fails); below ``resumeBelow`` it
/// reads again. Memory stays bounded however slow the handlers are.
final class EventBacklog: Sendable {
    static let pauseAbove = 4096
    static let resumeBelow = 1024

    private let count = Atomic<Int>(0)

    func add() { count.add(1, ordering: .relaxed) }

    /// Returns true when this removal brought the backlog down to the resume mark.
    func remove() -> Bool { count.subtract(1, ordering: .relaxed).newValue == Self.resumeBelow }

    var isFull: Bool { count.load(ordering: .relaxed) > Self.pauseAbove }

    var isDrained: Bool { count.load(ordering: .relaxed) <= Self.resumeBelow }
}
