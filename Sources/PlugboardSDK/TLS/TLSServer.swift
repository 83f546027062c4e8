import Logging
import NIOCore
import PlugboardProtocol
#if TLS
import NIOSSL
#endif

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The plugin's side of TLS: its certificate and key, and with a client CA, the requirement that every client
/// present a certificate that CA signed (mutual TLS). Loaded once before the plugin listens: a file that cannot be
/// read stops the plugin with one line naming it. Built without the package trait `TLS`, it cannot be made.
final class TLSServer: Sendable {
    let files: ServerTLSFiles
    #if TLS
    private let context: NIOSSLContext
    #endif

    init(_ files: ServerTLSFiles, logger: Logger) throws(PluginRunError) {
        self.files = files
        #if TLS
        func load(_ path: String, _ what: String) throws(PluginRunError) -> [UInt8] {
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw .tls("cannot read the \(what) \(path): \(String(cString: strerror(errno)))") }
            defer { close(fd) }
            var bytes: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 16 * 1024)
            while bytes.count < 4 << 20 {
                let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { break }
                bytes += chunk[..<count]
            }
            return bytes
        }
        func certificates(_ path: String, _ what: String) throws(PluginRunError) -> [NIOSSLCertificate] {
            let bytes = try load(path, what)
            guard let certificates = try? NIOSSLCertificate.fromPEMBytes(bytes), !certificates.isEmpty else {
                throw .tls("the \(what) \(path) holds no PEM certificate")
            }
            return certificates
        }
        let chain = try certificates(files.certificateChain, "certificate (--tls-cert)")
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(bytes: try load(files.privateKey, "private key (--tls-key)"), format: .pem)
        } catch let error as PluginRunError {
            throw error
        } catch {
            throw .tls("the private key (--tls-key) \(files.privateKey) is not a PEM private key (\(error))")
        }
        var status = stat()
        if stat(files.privateKey, &status) == 0, status.st_mode & 0o077 != 0 {
            logger.warning("the private key \(files.privateKey) can be read by other users (mode \(String(status.st_mode & 0o777, radix: 8))); chmod 600 it")
        }
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        // A stop closes idle connections and waits for them: a client that never answers the close_notify holds
        // each one this long, not NIOSSL's default 5 s (within the graceful stop's own deadline).
        configuration.shutdownTimeout = .seconds(1)
        if let clientCA = files.clientCA {
            // Verified against these CAs only; a client without a certificate is refused (no host name to check).
            configuration.trustRoots = .certificates(try certificates(clientCA, "client CA (--tls-client-ca)"))
            configuration.certificateVerification = .noHostnameVerification
        }
        do {
            context = try NIOSSLContext(configuration: configuration)
        } catch {
            throw .tls("cannot serve TLS with the certificate \(files.certificateChain) and the key \(files.privateKey): \(error) (does the key belong to the certificate?)")
        }
        #else
        throw .tls("this plugin was built without TLS (the package trait TLS of Plugboard), so it cannot serve --tls-cert")
        #endif
    }

    /// Adds TLS in front of an accepted connection's pipeline, with a handler that logs a failed handshake.
    func addHandlers(to pipeline: ChannelPipeline.SynchronousOperations, logger: Logger) throws {
        #if TLS
        try pipeline.addHandler(NIOSSLServerHandler(context: context))
        try pipeline.addHandler(TLSHandshakeLog(logger: logger, files: files))
        #endif
    }
}
