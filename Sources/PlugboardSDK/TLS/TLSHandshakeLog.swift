#if TLS
import Logging
import NIOCore
import NIOSSL
import NIOTLS
import PlugboardProtocol

/// Logs why a client's TLS handshake failed (on stderr, as every log line: no certificate, one from another CA, a
/// client that refused the plugin's certificate, plain HTTP) and closes the connection; leaves the pipeline once the
/// handshake has completed.
final class TLSHandshakeLog: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    private let logger: Logger
    private let files: ServerTLSFiles
    private var reported = false

    init(logger: Logger, files: ServerTLSFiles) {
        self.logger = logger
        self.files = files
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? TLSUserEvent, case .handshakeCompleted = event {
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if !reported {
            reported = true
            let peer = context.remoteAddress.map { "\($0.ipAddress ?? "?"):\($0.port ?? 0)" } ?? "?"
            logger.warning("TLS handshake with \(peer) failed: \(cause(of: error))", metadata: ["peer": "\(peer)"])
        }
        context.close(promise: nil)
    }

    private func cause(of error: any Error) -> String {
        let clientCA = files.clientCA ?? "--tls-client-ca"
        return TLSReasonCodes.explain("\(error)", causes: [
            ("PEER_DID_NOT_RETURN_A_CERTIFICATE", "the client sent no certificate, and mutual TLS (--tls-client-ca) requires one"),
            ("CERTIFICATE_VERIFY_FAILED", "the client's certificate is not signed by the client CA \(clientCA) (certificate verify failed)"),
            ("ALERT_UNKNOWN_CA", "the client refused this plugin's certificate \(files.certificateChain): it does not trust the CA that signed it"),
            ("ALERT_BAD_CERTIFICATE", "the client refused this plugin's certificate \(files.certificateChain)"),
            ("ALERT_CERTIFICATE_UNKNOWN", "the client refused this plugin's certificate \(files.certificateChain)"),
            ("HTTP_REQUEST", "the client sent plain HTTP to a TLS port (it should use https://)"),
            ("WRONG_VERSION_NUMBER", "the client does not speak TLS"),
        ])
    }
}
#endif
