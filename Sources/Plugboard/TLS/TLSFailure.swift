import PlugboardProtocol
#if TLS
import NIOSSL
#endif

/// What a TLS failure means, in words a user can act on: the cause of a failed handshake (the plugin's certificate
/// did not verify, is for another name, the plugin refused the host's certificate or its lack of one, the peer does
/// not speak TLS), with BoringSSL's reason code.
enum TLSFailure {
    /// The sentence for `error` if it is a TLS failure, nil otherwise.
    static func describe(_ error: any Error) -> String? {
        #if TLS
        switch error {
        case let failure as ConnectFailure:
            return describe(failure.underlying)
        case let failure as TLSHandshakeFailure:
            return describe(failure.underlying) ?? "TLS handshake failed: \(failure.underlying)"
        case is TLSClosedAfterHandshake:
            return "TLS: the plugin closed the connection right after the handshake, before answering: it refused the host's client certificate or the lack of one (it requires one signed by a CA it trusts: PluginTLS.certificateChain and privateKey, --tls-cert and --tls-key); under TLS 1.3 its alert saying which can be lost in the close, and the plugin's log names the cause"
        case let timeout as TLSHandshakeTimeout:
            return "TLS handshake failed: \(timeout)"
        case is TLSClosedDuringHandshake, NIOSSLError.uncleanShutdown:
            return "TLS handshake failed: the plugin closed the connection during the handshake (it may not speak TLS there, or refused the host)"
        case let extra as NIOSSLExtraError where extra == .failedToValidateHostname:
            return "TLS handshake failed: wrong host name: the plugin's certificate is not for the name or address the host connected to (\(extra)); give the name it carries as PluginTLS.serverName (--tls-server-name)"
        case NIOSSLError.handshakeFailed(let underlying):
            return "TLS handshake failed: " + cause(of: "\(underlying)")
        case let underlying as BoringSSLError:
            return "TLS failed: " + cause(of: "\(underlying)")
        case let underlying as NIOSSLError:
            return "TLS failed: \(underlying)"
        default:
            return nil
        }
        #else
        return error is TLSUnavailable ? "\(error)" : nil
        #endif
    }

    /// The cause named by BoringSSL's reason codes in an error's text.
    static func cause(of text: String) -> String {
        TLSReasonCodes.explain(text, causes: [
            ("CERTIFICATE_VERIFY_FAILED", "certificate verify failed: the plugin's certificate is not signed by a trusted CA (PluginTLS.trust, --tls-ca), or is expired"),
            ("ALERT_CERTIFICATE_REQUIRED", "the plugin requires a client certificate and the host sent none (PluginTLS.certificateChain and privateKey, --tls-cert and --tls-key)"),
            ("ALERT_UNKNOWN_CA", "the plugin refused the host's client certificate: it is not signed by a CA the plugin trusts"),
            ("ALERT_BAD_CERTIFICATE", "the plugin refused the host's client certificate"),
            ("ALERT_CERTIFICATE_UNKNOWN", "the plugin refused the host's client certificate"),
            ("ALERT_CERTIFICATE_EXPIRED", "the plugin refused the host's client certificate: it has expired"),
            ("ALERT_HANDSHAKE_FAILURE", "the plugin refused the handshake (a missing client certificate, or no common cipher)"),
            ("WRONG_VERSION_NUMBER", "the peer does not speak TLS at this address (is it an http:// plugin?)"),
        ])
    }
}
