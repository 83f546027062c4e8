import ArgumentParser
import Plugboard

/// The TLS flags for attached plugins at `https://` URLs (a manifest's own `tls` keys replace the ones they set).
struct TLSOptions: ParsableArguments {
    @Option(name: .customLong("tls-ca"), help: ArgumentHelp("https:// plugins: a PEM file of the CA certificates their certificates must chain to.", valueName: "FILE"))
    var ca: String?

    @Option(name: .customLong("tls-cert"), help: ArgumentHelp("https:// plugins: a PEM file with the client certificate to present (mutual TLS).", valueName: "FILE"))
    var certificate: String?

    @Option(name: .customLong("tls-key"), help: ArgumentHelp("https:// plugins: a PEM file with the client certificate's private key.", valueName: "FILE"))
    var key: String?

    @Option(name: .customLong("tls-server-name"), help: ArgumentHelp("https:// plugins: the DNS name their certificate carries, when it is not the URL's host.", valueName: "NAME"))
    var serverName: String?

    /// The TLS these flags describe, or nil when none is given.
    var tls: PluginTLS? {
        guard ca != nil || certificate != nil || key != nil || serverName != nil else { return nil }
        return PluginTLS(caCertificates: ca.map { [$0] } ?? [], certificateChain: certificate, privateKey: key, serverName: serverName)
    }
}
