import Plugboard
import PlugboardProtocol

/// What `list` and `inspect` learn about an attached plugin: its manifest (or URL), whether it answers there, and
/// its capabilities (`GET /plugboard/v2/capabilities`) when it does.
struct AttachedProbe: Sendable {
    /// The manifest file, or nil for a plugin given by URL.
    var manifest: String?
    /// The URL the plugin is reached at (from the manifest, or as given).
    var url: String?
    /// The name it is registered under.
    var name: String
    /// The capabilities, when the plugin was reachable; an attached v1 plugin has none to give (empty).
    var capabilities: Capabilities?
    /// Why it could not be used: the manifest does not parse, or nothing answers at its URL.
    var error: PluginError?
    /// Whether the host sends it a token it requires (its manifest gives one).
    var authenticated = false

    var reachable: Bool { capabilities != nil }

    /// Whether `argument` names an attached plugin (a `.pconf` manifest or a URL) rather than an executable.
    static func isAttached(_ argument: String) -> Bool {
        argument.hasSuffix("." + Manifest.fileExtension) || argument.contains("://")
    }

    /// Attaches to each manifest's (or URL's) plugin in a manager of its own, asks it for its capabilities, and
    /// detaches; a plugin is never started or stopped by this.
    static func probe(_ arguments: [String], timeout: Duration, tls: PluginTLS? = nil) async -> [AttachedProbe] {
        var options = RegistrationOptions(lazy: true)
        options.tls = tls
        options.startupTimeout = timeout
        options.callTimeout = timeout
        let probes = try? await PluginManager.withManager(configuration: .cli, logger: .cli(verbose: false)) { manager in
            var probes: [AttachedProbe] = []
            for argument in arguments {
                probes.append(await probe(argument, in: manager, options: options))
            }
            return probes
        }
        return probes ?? []
    }

    private static func probe(_ argument: String, in manager: PluginManager, options: RegistrationOptions) async -> AttachedProbe {
        let isURL = !argument.hasSuffix("." + Manifest.fileExtension)
        var result = AttachedProbe(manifest: isURL ? nil : argument, url: isURL ? argument : nil, name: argument)
        if !isURL, let bytes = FileBytes.read(argument, limit: 1 << 20), let manifest = try? Manifest.parse(bytes) {
            result.url = manifest.url
            result.name = (try? manifest.pluginName().description) ?? manifest.name
        }
        do {
            let info = isURL ? try await manager.attach(url: argument, name: "attached", lazy: true, options: options)
                : try await manager.attach(manifest: argument, options: options)
            result.name = isURL ? (info.capabilities?.name ?? argument) : info.name
            result.authenticated = info.authenticated
            // Lazy: registered by name only. Loading connects, checks /healthz and fetches the capabilities.
            try await manager.load(info.name)
            result.capabilities = await manager.plugins().first { $0.name == info.name }?.capabilities ?? Capabilities()
        } catch let error as PluginError {
            result.error = error
        } catch {
            result.error = PluginError(.connection, plugin: result.name, path: argument, message: "\(error)")
        }
        return result
    }
}
