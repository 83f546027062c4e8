import PlugboardProtocol

extension PluginTLS {
    /// The TLS an `https://` manifest's plugin is reached with: `defaults` (a registration's
    /// ``RegistrationOptions/tls``, or a command's flags) with the manifest's own `tls` keys in place of the fields
    /// they set, their files resolved against the directory of `path`, the manifest file. Nil for a manifest whose URL
    /// is not `https://`. A manifest with `tls` keys on another URL is refused (code `invalidManifest`),
    /// so that a plugin meant for TLS is never reached in plain HTTP.
    public init?(manifest: Manifest, at path: String, defaults: PluginTLS?) throws(PluginError) {
        guard manifest.usesTLS else {
            if manifest.tls != nil {
                let name = (try? manifest.pluginName().description) ?? manifest.name
                throw PluginError(.invalidManifest, plugin: name, path: path, message: "has \"tls\" keys but its url \(manifest.url) is not https://: refused rather than reached in plain HTTP")
            }
            return nil
        }
        var tls = defaults ?? PluginTLS(trust: nil)
        if let keys = manifest.tls {
            let base = PluginManager.directory(of: path)
            func resolved(_ file: String?) -> String? { file.map { $0.hasPrefix("/") ? $0 : "\(base)/\($0)" } }
            tls = tls.overridden(by: PluginTLS(
                trust: resolved(keys.ca).map { .certificateFiles([$0]) },
                certificateChain: resolved(keys.cert), privateKey: resolved(keys.key), serverName: keys.serverName
            ))
        }
        self = tls
    }
}
