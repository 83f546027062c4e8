import PlugboardProtocol

/// What `PLUGIN --attach DIR [--tcp] [--listen HOST:PORT] [--tls-cert FILE --tls-key FILE [--tls-client-ca FILE]]`
/// asks for: serve on its own (not started by a host) and announce itself with a manifest in a host's watched
/// plugin directory.
struct AttachOptions: Equatable, Sendable {
    /// The directory the manifest goes into.
    var directory: String
    /// Unix socket (the default) or TCP (`--tcp`, or `--listen`).
    var transport: TransportKind = .unix
    /// Where a TCP listener binds: loopback unless `--listen` says otherwise.
    var listen: ListenAddress = .loopback
    /// TLS on TCP, when `--tls-cert` and `--tls-key` are given.
    var tls: ServerTLSFiles?
}
