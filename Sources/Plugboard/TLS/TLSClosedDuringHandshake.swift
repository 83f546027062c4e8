#if TLS
/// The plugin closed the connection before the TLS handshake completed.
struct TLSClosedDuringHandshake: Error, CustomStringConvertible {
    var description: String { "the connection closed during the TLS handshake" }
}
#endif
