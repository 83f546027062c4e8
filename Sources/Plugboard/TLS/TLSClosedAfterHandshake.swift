/// A connection closed right after its TLS handshake, before any answer (``ConnectionPool`` says when).
struct TLSClosedAfterHandshake: Error, CustomStringConvertible {
    var description: String { "the connection closed right after the TLS handshake" }
}
