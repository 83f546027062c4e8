/// How the host speaks TLS to an attached plugin at an `https://` URL: which certificate authorities may have signed
/// the plugin's certificate, the certificate the host presents when the plugin asks for one (mutual TLS), and the
/// name the plugin's certificate must carry.
///
/// ```swift
/// let tls = PluginTLS(
///     caCertificates: ["/etc/plugboard/ca.pem"],
///     certificateChain: "/etc/plugboard/host.pem",
///     privateKey: "/etc/plugboard/host-key.pem"
/// )
/// try await manager.attach(url: "https://127.0.0.1:8443", name: "resizer", tls: tls)
/// ```
///
/// The files are PEM, read when the plugin is attached. Every request, `/healthz`, the capabilities and the events
/// stream go over TLS (1.2 or later); a handshake that fails fails the attach or the call with ``PluginError`` code
/// `tls`, naming the plugin, the URL and the cause (the plugin's certificate did not verify, the plugin wants a
/// client certificate, the name does not match). Nothing falls back to plain HTTP, and the system's trust store is
/// used only when ``trust`` says ``Trust/systemDefault``.
///
/// Speaking TLS needs the package trait `TLS` (swift-nio-ssl); without it, attaching an `https://` URL fails with
/// code `tls`, saying so. docs/SECURITY.md says what TLS protects against and what it does not.
public struct PluginTLS: Sendable, Hashable {
    /// Which certificate authorities the plugin's certificate may chain to.
    public enum Trust: Sendable, Hashable {
        /// The CA certificates in these PEM files (a file may hold several), and no others.
        case certificateFiles([String])
        /// The system's trust store (for a plugin whose certificate a public CA signed): an explicit choice.
        case systemDefault
    }

    /// Which CAs may have signed the plugin's certificate; `nil` refuses every `https://` URL, saying that a CA is
    /// missing.
    public var trust: Trust?
    /// A PEM file with the certificate the host presents (first) and any intermediates, for a plugin that requires
    /// client certificates (mutual TLS); given together with ``privateKey``.
    public var certificateChain: String?
    /// A PEM file with the private key of ``certificateChain``'s first certificate. Keep it readable by the host's
    /// user only.
    public var privateKey: String?
    /// The DNS name the plugin's certificate must carry, sent as SNI too. `nil`: the URL's host (an IP address is
    /// matched against the certificate's IP addresses).
    public var serverName: String?

    /// Creates a TLS configuration trusting `trust`.
    public init(trust: Trust?, certificateChain: String? = nil, privateKey: String? = nil, serverName: String? = nil) {
        self.trust = trust
        self.certificateChain = certificateChain
        self.privateKey = privateKey
        self.serverName = serverName
    }

    /// Creates a TLS configuration trusting the CA certificates in `caCertificates` (PEM files); none leaves
    /// ``trust`` unset.
    public init(caCertificates: [String], certificateChain: String? = nil, privateKey: String? = nil, serverName: String? = nil) {
        self.init(trust: caCertificates.isEmpty ? nil : .certificateFiles(caCertificates),
                  certificateChain: certificateChain, privateKey: privateKey, serverName: serverName)
    }

    /// Whether this build of Plugboard can speak TLS (it was compiled with the package trait `TLS`).
    public static var isAvailable: Bool {
        #if TLS
        return true
        #else
        return false
        #endif
    }

    /// This configuration with each field that `other` sets taken from `other`.
    func overridden(by other: PluginTLS?) -> PluginTLS {
        guard let other else { return self }
        return PluginTLS(
            trust: other.trust ?? trust,
            certificateChain: other.certificateChain ?? certificateChain,
            privateKey: other.privateKey ?? privateKey,
            serverName: other.serverName ?? serverName
        )
    }
}
