/// The TLS handshake did not complete within its deadline.
struct TLSHandshakeTimeout: Error, CustomStringConvertible {
    let timeout: Duration
    var description: String { "the TLS handshake did not complete within \(timeout)" }
}
