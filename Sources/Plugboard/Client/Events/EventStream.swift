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

    /// Connects and subscribes to `names`, all within `timeout` (the connect, a TLS handshake and the plugin's
    /// answer share it). A cancelled caller gets control back at once, also while connecting; on every failure the
    /// connection is closed.
    static func open(to location: Location, names: [String], token: String?, group: any EventLoopGroup, timeout: Duration, tls: TLSClient? = nil) async throws -> EventStream {
        let deadline = ContinuousClock.now + timeout
        let (lines, continuation) = AsyncStream.makeStream(of: [UInt8].self)
        let opened = OneShot<Int>()
        let backlog = EventBacklog()
        let handshake = tls.map { _ in OneShot<Void>() }
        let channel = try await ClientConnect.channel(to: location, group: group, deadline: deadline) { channel in
            if let tls, let handshake, case .tcp(let host, _) = location {
                try tls.addHandlers(to: channel.pipeline.syncOperations, host: host, handshake: handshake)
            }
            try channel.pipeline.syncOperations.addHTTPClientHandlers()
            try channel.pipeline.syncOperations.addHandler(EventStreamHandler(opened: opened, continuation: continuation, backlog: backlog))
        }
        do {
            if let handshake { try await TLSClient.awaitHandshake(handshake, on: channel, timeout: deadline - .now) }
            var headers = HTTPHeaders()
            headers.add(name: "host", value: "localhost")
            if let token { headers.add(name: "authorization", value: "Bearer \(token)") }
            let head = HTTPRequestHead(version: .http1_1, method: .GET, uri: V2Paths.events(listening: names), headers: headers)
            channel.write(HTTPClientRequestPart.head(head), promise: nil)
            try await channel.writeAndFlush(HTTPClientRequestPart.end(nil)).get()
            let status = try await withDeadline(deadline - .now) { try await opened.wait() }
            guard status == 200 else { throw HTTPStatusError(status: status) }
            return EventStream(channel: channel, lines: lines, backlog: backlog)
        } catch {
            channel.close(promise: nil)
            throw error
        }
    }

    /// Closes the stream.
    func close() { channel.close(promise: nil) }

    struct HTTPStatusError: Error, CustomStringConvertible {
        let status: Int
        var description: String { "the events endpoint answered \(status)" }
    }
}
