import NIOCore
import NIOHTTP1
import NIOPosix
import PlugboardProtocol

/// One persistent HTTP/1.1 connection to a plugin.
struct HTTPConnection: Sendable {
    let channel: any Channel

    /// Connects to a plugin's location.
    static func connect(to location: Location, group: any EventLoopGroup, maxResponseSize: Int, timeout: Duration) async throws -> HTTPConnection {
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(.nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    // Every header the host sends is built by the host (host, content-type, length, token), so NIO's
                    // per-request header validation (5–7% of a small call's CPU) guards nothing here.
                    try channel.pipeline.syncOperations.addHTTPClientHandlers(enableOutboundHeaderValidation: false)
                    try channel.pipeline.syncOperations.addHandler(HTTPClientHandler(maxResponseSize: maxResponseSize))
                }
            }
        let channel: any Channel
        switch location {
        case .unix(let path):
            channel = try await bootstrap.connect(unixDomainSocketPath: path).get()
        case .tcp(let host, let port):
            channel = try await bootstrap
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .connect(host: host, port: port).get()
        }
        return HTTPConnection(channel: channel)
    }

    /// Sends one request and waits for its response, failing with ``HTTPClientFailure/timedOut`` after `timeout`.
    func execute(_ method: PlugboardProtocol.HTTPMethod, _ path: String, body: [UInt8], headers: HTTPHeaders, timeout: Duration) async throws -> HTTPResponse {
        var head = HTTPRequestHead(version: .http1_1, method: NIOHTTP1.HTTPMethod(rawValue: method.rawValue), uri: path, headers: headers)
        head.headers.add(name: "content-length", value: String(body.count))
        let buffer: ByteBuffer? = body.isEmpty ? nil : channel.allocator.buffer(bytes: body)
        let nanoseconds = Int64(timeout.components.seconds) * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000
        let channel = self.channel
        return try await withUnsafeThrowingContinuation { continuation in
            let request = HTTPClientRequest(head: head, body: buffer, response: ResponseSlot(continuation), timeout: .nanoseconds(nanoseconds))
            // One hop to the event loop per call: the handler writes, arms the deadline and completes the slot there.
            channel.writeAndFlush(request, promise: nil)
        }
    }

    /// Whether the connection can take another request.
    var isActive: Bool { channel.isActive }

    /// Closes the connection.
    func close() { channel.close(promise: nil) }
}
