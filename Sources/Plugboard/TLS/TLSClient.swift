import NIOCore
import PlugboardProtocol
#if TLS
import NIOSSL
#endif

/// The host's side of TLS to one `https://` plugin: a ``PluginTLS`` loaded once (its PEM files are read when the
/// plugin is attached, so a missing file fails the attach, not the first call), and the handlers each connection
/// adds. Built without the package trait `TLS`, it cannot be made: the attach fails saying so.
final class TLSClient: Sendable {
    /// The name the plugin's certificate must carry (and SNI), or nil to match the connected IP address.
    let serverName: String?
    /// Whether the host presents a client certificate (mutual TLS).
    let presentsCertificate: Bool
    #if TLS
    private let context: NIOSSLContext
    #endif

    /// Loads `tls` for the plugin at `url`. `plugin` and `source` name it in errors.
    init(_ tls: PluginTLS, plugin: String, source: String, url: String) throws(PluginError) {
        func failure(_ message: String) -> PluginError { PluginError(.tls, plugin: plugin, path: source, message: message) }
        #if TLS
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        configuration.certificateVerification = .fullVerification
        switch tls.trust {
        case nil, .certificateFiles([]):
            throw failure("\(url) is https, but no CA certificate is given to verify the plugin's certificate against: give one (PluginTLS.trust, the manifest's \"tls\": {\"ca\": FILE}, or --tls-ca FILE); the system's trust store is used only when asked for (.systemDefault)")
        case .certificateFiles(let files):
            var roots: [NIOSSLCertificate] = []
            for file in files { roots += try Self.certificates(in: file, what: "CA certificate", failure) }
            configuration.trustRoots = .certificates(roots)
        case .systemDefault:
            configuration.trustRoots = .default
        }
        switch (tls.certificateChain, tls.privateKey) {
        case (nil, nil):
            break
        case (let chain?, let key?):
            configuration.certificateChain = try Self.certificates(in: chain, what: "client certificate", failure).map { .certificate($0) }
            guard let bytes = FileSystem.readSmallFile(key, limit: 1 << 20) else {
                throw failure("cannot read the private key \(key)")
            }
            do {
                configuration.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: bytes, format: .pem))
            } catch {
                throw failure("the private key \(key) is not a PEM private key (\(error))")
            }
        case (_?, nil):
            throw failure("a client certificate (\(tls.certificateChain ?? "")) needs its private key as well (PluginTLS.privateKey, the manifest's \"tls\": {\"key\": FILE}, --tls-key)")
        case (nil, _?):
            throw failure("a private key (\(tls.privateKey ?? "")) needs its certificate as well (PluginTLS.certificateChain, the manifest's \"tls\": {\"cert\": FILE}, --tls-cert)")
        }
        if let name = tls.serverName, (name.isEmpty || name.contains(":") || name.allSatisfy { $0.isNumber || $0 == "." }) {
            throw failure("serverName \"\(name)\" is not a DNS name (leave it unset to match the URL's IP address)")
        }
        serverName = tls.serverName
        presentsCertificate = tls.certificateChain != nil
        do {
            context = try NIOSSLContext(configuration: configuration)
        } catch {
            throw failure("cannot set up TLS with \(tls.certificateChain.map { "the client certificate \($0) and the key \(tls.privateKey ?? "")" } ?? "these certificates"): \(error) (does the key belong to the certificate?)")
        }
        #else
        throw failure("\(url) is https, but this build of Plugboard has no TLS: it was compiled without the package trait TLS (depend on Plugboard with traits: [\"default\", \"TLS\"], or build with --traits default,TLS)")
        #endif
    }

    #if TLS
    private static func certificates(in file: String, what: String, _ failure: (String) -> PluginError) throws(PluginError) -> [NIOSSLCertificate] {
        guard let bytes = FileSystem.readSmallFile(file, limit: 4 << 20) else { throw failure("cannot read the \(what) file \(file)") }
        let certificates: [NIOSSLCertificate]
        do {
            certificates = try NIOSSLCertificate.fromPEMBytes(bytes)
        } catch {
            throw failure("the \(what) file \(file) is not PEM (\(error))")
        }
        guard !certificates.isEmpty else { throw failure("the \(what) file \(file) holds no PEM certificate") }
        return certificates
    }
    #endif

    /// Adds TLS in front of a new connection's pipeline (before HTTP), with a handler that reports the end of the
    /// handshake to `handshake`. `host` is the URL's host.
    func addHandlers(to pipeline: ChannelPipeline.SynchronousOperations, host: String, handshake: OneShot<Void>) throws {
        #if TLS
        // SNI carries DNS names only; an IP address is verified against the certificate's IP addresses.
        let isAddress = host.contains(":") || host.allSatisfy { $0.isNumber || $0 == "." }
        try pipeline.addHandler(NIOSSLClientHandler(context: context, serverHostname: serverName ?? (isAddress ? nil : host)))
        try pipeline.addHandler(TLSHandshakeWatch(done: handshake))
        #else
        throw TLSUnavailable()
        #endif
    }

    /// Opens TLS on a connected channel set up with ``addHandlers(to:host:handshake:)``: waits for the handshake,
    /// for at most `timeout`; on a failure closes the channel and throws ``TLSHandshakeFailure`` (cancelled, it closes
    /// it and throws `CancellationError`).
    static func awaitHandshake(_ handshake: OneShot<Void>, on channel: any Channel, timeout: Duration) async throws {
        do {
            try await withDeadline(timeout) { try await handshake.wait() }
        } catch is CancellationError {
            // The caller was cancelled: it gets that back, not a handshake failure (the plugin did nothing wrong).
            channel.close(promise: nil)
            throw CancellationError()
        } catch {
            channel.close(promise: nil)
            throw TLSHandshakeFailure(underlying: error is DeadlineExceeded ? TLSHandshakeTimeout(timeout: timeout) : error)
        }
    }
}
