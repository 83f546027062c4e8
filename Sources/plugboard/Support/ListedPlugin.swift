import Plugboard
import PlugboardProtocol

/// One row of `plugboard list`: a plugin executable, or an attached plugin's manifest.
struct ListedPlugin: Encodable {
    /// The file name (an executable's, or a manifest's without `.pconf`).
    var id: String
    var path: String
    var kind: PluginInfo.Kind
    var capabilities: Capabilities?
    /// Where an attached plugin is reached.
    var url: String?
    var error: PluginError?
    /// For an attached plugin: whether its manifest gives a token the plugin requires.
    var authenticated = false

    init(_ plugin: DiscoveredPlugin) {
        self.init(id: plugin.name, path: plugin.path, kind: .external, capabilities: plugin.capabilities, url: nil, error: plugin.error)
    }

    init(_ probe: AttachedProbe) {
        let file = String((probe.manifest ?? probe.name).split(separator: "/").last ?? "")
        self.init(id: String(file.dropLast(Manifest.fileExtension.count + 1)), path: probe.manifest ?? "", kind: .attached,
                  capabilities: probe.capabilities, url: probe.url, error: probe.error)
        authenticated = probe.authenticated
        // A manifest names its plugin; what it serves is known only when it answers.
        if capabilities?.name == nil, let name = try? PluginName(parsing: probe.name) {
            capabilities?.name = name.name
            capabilities?.namespace = name.namespace
        }
    }

    init(id: String, path: String, kind: PluginInfo.Kind, capabilities: Capabilities?, url: String?, error: PluginError?) {
        self.id = id
        self.path = path
        self.kind = kind
        self.capabilities = capabilities
        self.url = url
        self.error = error
    }

    /// The table row: plugin, contracts, config types, protocol, status (for an attached plugin: where it is
    /// reached and whether it answers).
    var row: [String] {
        let display = (capabilities?.namespace.map { "\($0)/" } ?? "") + (capabilities?.name ?? id)
        let attached = "attached \(url ?? "?"), \(authenticated ? "authenticated" : "unauthenticated")"
        guard let capabilities else {
            let reason = error?.message.oneLine ?? "unknown"
            return [display, "-", "-", "-", kind == .attached ? "\(attached), not reachable: \(reason)" : "error: \(reason)"]
        }
        let types = capabilities.types.sorted { $0.key < $1.key }
            .map { "\($0.key): \($0.value.map(\.type).joined(separator: ", "))" }.joined(separator: "; ")
        let config = capabilities.configTypes.map(\.type).joined(separator: ", ")
        return [display, types.isEmpty ? "-" : types, config.isEmpty ? "-" : config, "v\(capabilities.protocolVersion)",
                kind == .attached ? "\(attached), reachable" : "ok"]
    }

    enum CodingKeys: String, CodingKey { case id, name, namespace, kind, path, url, reachable, authenticated, types, configTypes, protocolVersion, lazy, methods, events, error }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(capabilities?.name ?? id, forKey: .name)
        try container.encodeIfPresent(capabilities?.namespace, forKey: .namespace)
        try container.encode(kind, forKey: .kind)
        try container.encode(path, forKey: .path)
        if kind == .attached {
            try container.encodeIfPresent(url, forKey: .url)
            try container.encode(capabilities != nil, forKey: .reachable)
            try container.encode(authenticated, forKey: .authenticated)
        }
        try container.encode(capabilities?.types.mapValues { $0.map(\.type) } ?? [:], forKey: .types)
        try container.encode(capabilities?.configTypes.map(\.type) ?? [], forKey: .configTypes)
        try container.encodeIfPresent(capabilities?.protocolVersion, forKey: .protocolVersion)
        try container.encode(capabilities?.lazy ?? false, forKey: .lazy)
        try container.encode(capabilities?.methods.map(\.name) ?? [], forKey: .methods)
        try container.encode(capabilities?.events ?? [], forKey: .events)
        if let error { try container.encode(error.message, forKey: .error) } else { try container.encodeNil(forKey: .error) }
    }
}
