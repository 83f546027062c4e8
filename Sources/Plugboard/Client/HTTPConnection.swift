import NIOCore
import NIOHTTP1
import NIOPosix
import PlugboardProtocol

/// One persistent HTTP/1.1 connection to a plugin.
struct HTTPConnection: Sendable, Identifiable {
    let channel: any Channel

    /// The connection's identity in its pool.
    var id: ObjectIdentifier { ObjectIdentifier(channel) }

    /// Connects to a plugin's location; with `tls`, returns once the TLS handshake has completed (a failed one
    /// throws ``TLSHandshakeFailure``: nothing was sent). The connect and the handshake share `timeout`; a cancelled
    /// caller gets control back at once, also while connecting.
    static func connect(to location: Location, group: any EventLoopGroup, maxResponseSize: Int, timeout: Duration, writtenRequests: WrittenRequests = WrittenRequests(), tls: TLSClient? = nil) async throws -> HTTPConnection {
        let deadline = ContinuousClock.now + timeout
        let handshake = tls.map { _ in OneShot<Void>() }
        let channel = try await ClientConnect.channel(to: location, group: group, deadline: deadline) { channel in
            if let tls, let handshake, case .tcp(let host, _) = location {
                try tls.addHandlers(to: channel.pipeline.syncOperations, host: host, handshake: handshake)
            }
            // Requests go out as finished buffers (HTTPClientHandler), so no request encoder; the response
            // decoder is told about each request directly (ResponseDecoding says why).
            let decoder = HTTPResponseDecoder(leftOverBytesStrategy: .dropBytes)
            try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(ResponseDecoding(decoder: decoder)))
            try channel.pipeline.syncOperations.addHandler(HTTPClientHandler(maxResponseSize: maxResponseSize, decoder: decoder, writtenRequests: writtenRequests))
        }
        if let handshake { try await TLSClient.awaitHandshake(handshake, on: channel, timeout: deadline - .now) }
        return HTTPConnection(channel: channel)
    }

    /// Sends one request and waits for its response, failing with ``HTTPClientFailure/timedOut`` at `deadline`.
    /// `headerLines` are the request's constant header lines (`name: value\r\n` each), `extraHeaderLines` this
    /// request's own (its trace context); `content-length` is added.
    /// `path` must already be valid for a request line (``ConnectionPool`` checks it before taking a connection).
    ///
    /// Cancelling the calling task ends the call at once with `CancellationError` and closes the connection (its
    /// state is unknown); a call cancelled before its request is written sends nothing.
    func execute(_ method: PlugboardProtocol.HTTPMethod, _ path: String, body: [UInt8], headerLines: [UInt8], extraHeaderLines: [UInt8] = [], deadline: NIODeadline) async throws -> HTTPResponse {
        let channel = self.channel
        let cancellation = CallCancellation()
        return try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { continuation in
                // The request alone holds the slot (see ResponseSlot): made here, not kept by this frame.
                let request = HTTPClientRequest(
                    method: NIOHTTP1.HTTPMethod(rawValue: method.rawValue), path: path, headerLines: headerLines, extraHeaderLines: extraHeaderLines, body: body,
                    response: ResponseSlot(continuation), cancellation: cancellation, deadline: deadline
                )
                // One hop to the event loop per call: the handler writes, arms the deadline and completes the slot there.
                channel.writeAndFlush(request, promise: nil)
            }
        } onCancel: {
            cancellation.cancel()
            channel.triggerUserOutboundEvent(CancelCall(call: cancellation), promise: nil)
        }
    }

    /// Whether the connection is open.
    var isActive: Bool { channel.isActive }

    /// Closes the connection.
    func close() { channel.close(promise: nil) }
}
