import Plugboard

/// README, "Remote plugins over TLS".
func attachOverTLS(_ manager: PluginManager) async throws {
    let tls = PluginTLS(
        caCertificates: ["/etc/plugboard/ca.pem"],   // the CA the plugin's certificate must chain to
        certificateChain: "/etc/plugboard/host.pem", // the host's client certificate, for mutual TLS
        privateKey: "/etc/plugboard/host-key.pem"
    )
    let info = try await manager.attach(url: "https://10.0.0.5:8443", name: "remote", tls: tls)
    print(info.tls)   // true: every call, health check and event goes over TLS
}
