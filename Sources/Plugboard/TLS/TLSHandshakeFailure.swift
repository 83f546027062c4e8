/// The TLS handshake of a new connection failed: nothing was sent on it.
struct TLSHandshakeFailure: Error, CustomStringConvertible {
    let underlying: any Error
    var description: String { "\(underlying)" }
}
