import NIOCore
import NIOHTTP1

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The client end of one HTTP/1.1 connection: writes one request at a time and completes its slot with the
/// aggregated response. Runs on the channel's event loop only.
final class HTTPClientHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = HTTPClientRequest
    typealias OutboundOut = ByteBuffer

    private let maxResponseSize: Int
    private let decoder: HTTPResponseDecoder
    private var pending: ResponseSlot?
    /// The cancellation of the call in flight.
    private var pendingCancellation: CallCancellation?
    /// Whether the pending request's bytes have all been handed to the kernel.
    private var written = false
    private var deadline: Scheduled<Void>?
    private var status = 0
    private var body: ByteBuffer?
    private var receivedAny = false
    private var keepAlive = true

    /// The pool's count of requests written and not yet answered.
    private let writtenRequests: WrittenRequests
    /// Whether the pending request is counted there.
    private var counted = false

    init(maxResponseSize: Int, decoder: HTTPResponseDecoder, writtenRequests: WrittenRequests) {
        self.maxResponseSize = maxResponseSize
        self.decoder = decoder
        self.writtenRequests = writtenRequests
    }

    /// Ends the pending request, whatever ended it: takes its slot (to complete) and stops counting it as written
    /// and unanswered.
    private func takePending() -> ResponseSlot? {
        let slot = pending
        pending = nil
        if counted {
            counted = false
            writtenRequests.ended()
        }
        return slot
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        guard pending == nil else {
            request.response.complete(.failure(ChannelError.inappropriateOperationForState))
            promise?.fail(ChannelError.inappropriateOperationForState)
            return
        }
        // Checked here, on the loop: a connection the plugin closed a moment ago may still have looked open to the
        // pool. Nothing is written, so the call can be sent again elsewhere.
        guard context.channel.isActive else {
            request.response.complete(.failure(HTTPClientFailure.notSent))
            promise?.fail(ChannelError.ioOnClosedChannel)
            return
        }
        if request.cancellation.isCancelled {
            request.response.complete(.failure(CancellationError()))
            promise?.fail(CancellationError())
            return
        }
        pending = request.response
        pendingCancellation = request.cancellation
        written = false
        receivedAny = false
        let bound = NIOLoopBound((handler: self, context: context), eventLoop: context.eventLoop)
        deadline = context.eventLoop.scheduleTask(deadline: request.deadline) {
            bound.value.handler.fail(context: bound.value.context, HTTPClientFailure.timedOut)
        }
        // The decoder must know what each response answers (a HEAD response has no body).
        decoder.write(data: .head(HTTPRequestHead(version: .http1_1, method: request.method, uri: request.path)))
        // The whole request in one buffer: request line, constant headers, length, body.
        var buffer = context.channel.allocator.buffer(capacity: request.path.utf8.count + request.headerLines.count + request.extraHeaderLines.count + request.body.count + 48)
        buffer.writeString(request.method.rawValue)
        buffer.writeStaticString(" ")
        buffer.writeString(request.path)
        buffer.writeStaticString(" HTTP/1.1\r\n")
        buffer.writeBytes(request.headerLines)
        if !request.extraHeaderLines.isEmpty { buffer.writeBytes(request.extraHeaderLines) }
        buffer.writeStaticString("content-length: ")
        buffer.writeString(String(request.body.count))
        buffer.writeStaticString("\r\n\r\n")
        buffer.writeBytes(request.body)
        context.write(wrapOutboundOut(buffer), promise: promise)
    }

    func flush(context: ChannelHandlerContext) {
        context.flush()
        // The flush hands the request to the kernel synchronously (or queues its rest behind a full socket buffer).
        // A write that failed closed the channel: channelInactive has then already failed the call as not sent.
        // Marking it written otherwise costs no promise per call; a request queued behind a full buffer counts as
        // written, which only ever forgoes a retry.
        if pending != nil, context.channel.isActive {
            written = true
            if !counted {
                counted = true
                writtenRequests.wrote()
            }
        }
    }

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        guard let cancel = event as? CancelCall else {
            context.triggerUserOutboundEvent(event, promise: promise)
            return
        }
        // Only the call that asked: the connection may carry another one by now.
        if pending != nil, pendingCancellation === cancel.call { fail(context: context, CancellationError()) }
        promise?.succeed()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            receivedAny = true
            status = Int(head.status.code)
            keepAlive = head.isKeepAlive
            body = nil
            if let length = head.headers.first(name: "content-length").flatMap(Int.init) {
                if length > maxResponseSize {
                    fail(context: context, HTTPClientFailure.responseTooLarge(limit: maxResponseSize))
                } else if length > 64 * 1024 {
                    // A large body in one allocation of the right size, not regrown chunk by chunk.
                    body = context.channel.allocator.buffer(capacity: length)
                }
            }
        case .body(var chunk):
            if (body?.readableBytes ?? 0) + chunk.readableBytes > maxResponseSize {
                fail(context: context, HTTPClientFailure.responseTooLarge(limit: maxResponseSize))
                return
            }
            if var gathered = body {
                // Taken out first so that it grows in place (see RequestAggregator).
                body = nil
                gathered.writeBuffer(&chunk)
                body = gathered
            } else {
                body = chunk
            }
        case .end:
            let promise = takePending()
            deadline?.cancel()
            deadline = nil
            let bytes = body.map { Array(buffer: $0) } ?? []
            body = nil
            if !keepAlive { context.close(promise: nil) }
            promise?.complete(.success(HTTPResponse(status: status, body: bytes)))
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
        let error: HTTPClientFailure = receivedAny ? .closedMidResponse : written ? .closedBeforeResponse : .notSent
        let slot = takePending()
        slot?.complete(.failure(error))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A reset (the plugin closed a connection with our request unread, or died) before any byte of the answer
        // is a close like any other: whether it may be retried depends on whether the request went out.
        if !receivedAny, let error = error as? IOError, error.errnoCode == ECONNRESET || error.errnoCode == EPIPE {
            fail(context: context, written ? HTTPClientFailure.closedBeforeResponse : HTTPClientFailure.notSent)
            return
        }
        fail(context: context, error)
    }

    private func fail(context: ChannelHandlerContext, _ error: any Error) {
        let promise = takePending()
        deadline?.cancel()
        deadline = nil
        context.close(promise: nil)
        promise?.complete(.failure(error))
    }
}
