#if TLS
import NIOCore
import NIOTLS

/// Reports the end of a connection's TLS handshake (completed, failed, or the connection closed first) to a
/// ``OneShot``, then leaves the pipeline: it costs nothing per read afterwards.
final class TLSHandshakeWatch: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    private let done: OneShot<Void>

    init(done: OneShot<Void>) { self.done = done }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? TLSUserEvent, case .handshakeCompleted = event {
            done.succeed(())
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        done.fail(error)
        context.fireErrorCaught(error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        done.fail(TLSClosedDuringHandshake())
        context.fireChannelInactive()
    }
}
#endif
