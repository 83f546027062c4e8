/// The PEM files an attached plugin serves TLS with (`--tls-cert`, `--tls-key`, `--tls-client-ca`).
struct ServerTLSFiles: Equatable, Sendable {
    /// The plugin's certificate (first) and any intermediates.
    var certificateChain: String
    /// The private key of the certificate.
    var privateKey: String
    /// The CA certificates a client's certificate must chain to; given, every client must present one (mutual TLS).
    var clientCA: String?
}
