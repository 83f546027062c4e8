import Plugboard
import PlugboardProtocol

/// An attached plugin `plugboard check` was given: a `.pconf` manifest or a URL, with what reaching it takes (its
/// manifest's token, and the TLS of the `--tls-*` flags with the manifest's own `tls` keys in place of the ones they
/// set, files resolved against the manifest's directory).
struct AttachedTarget: Sendable {
    /// The manifest file or URL, as given.
    var argument: String
    /// The URL the plugin is reached at.
    var url: String
    /// The token its manifest gives, if any.
    var token: String?
    /// The TLS it is reached with, for an `https://` URL.
    var tls: PluginTLS?

    /// Reads the manifest (if `argument` is one) and works out how to reach the plugin.
    init(_ argument: String, flags: PluginTLS?) throws(PluginError) {
        self.argument = argument
        guard argument.hasSuffix("." + Manifest.fileExtension) else {
            url = argument
            tls = argument.hasPrefix("https://") ? flags : nil
            return
        }
        guard let bytes = FileBytes.read(argument, limit: 1 << 20) else {
            throw PluginError(.invalidManifest, plugin: "", path: argument, message: "cannot read the manifest")
        }
        let manifest: Manifest
        do {
            manifest = try Manifest.parse(bytes)
        } catch {
            throw PluginError(.invalidManifest, plugin: "", path: argument, message: error.description)
        }
        url = manifest.url
        token = manifest.token
        tls = try PluginTLS(manifest: manifest, at: argument, defaults: flags)
    }

    /// Whether the host presents a client certificate (mutual TLS).
    var presentsCertificate: Bool { tls?.certificateChain != nil }
}
