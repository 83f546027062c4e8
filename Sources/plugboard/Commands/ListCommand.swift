import ArgumentParser
import Plugboard
import PlugboardProtocol

/// `plugboard list DIR`: the plugins in a directory and what each serves.
struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the plugins in a directory with their contracts, types and config types.",
        discussion: "A broken plugin is a row with its error, not a failed command: the exit status is 0 unless DIR cannot be read."
    )

    @Argument(help: "The plugin directory.")
    var directory: String

    @Flag(help: "Print a JSON array instead of a table.")
    var json = false

    @Option(help: "Only plugins whose file name starts with this prefix.")
    var filter: String?

    @Option(help: "Seconds each plugin may take to answer 'capabilities'.")
    var timeout: Double = 5

    @OptionGroup var sandbox: SandboxOptions

    func run() async throws {
        var accept: (@Sendable (String) -> Bool)?
        if let prefix = filter { accept = { name in name.hasPrefix(prefix) } }
        let plugins: [DiscoveredPlugin]
        let policy = try sandbox.policy()
        do {
            plugins = try await Discovery.probe(
                directory: directory,
                filter: accept,
                timeout: .seconds(timeout),
                sandbox: policy,
                progress: { Output.progress("asking plugins for capabilities", $0, $1) }
            )
        } catch {
            throw CommandFailure(message: "cannot read plugin directory \(error)")
        }
        if json {
            try Output.json(plugins.map(ListedPlugin.init))
            return
        }
        if plugins.isEmpty {
            Output.line("no plugins in \(directory)")
            return
        }
        let rows = plugins.map { plugin -> [String] in
            guard let capabilities = plugin.capabilities else {
                return [plugin.name, "-", "-", "-", "error: \(plugin.error?.message ?? "unknown")"] + (policy.isEnabled ? ["-"] : [])
            }
            let types = capabilities.types.sorted { $0.key < $1.key }
                .map { "\($0.key): \($0.value.map(\.type).joined(separator: ", "))" }.joined(separator: "; ")
            let config = capabilities.configTypes.map(\.type).joined(separator: ", ")
            let display = (capabilities.namespace.map { "\($0)/" } ?? "") + (capabilities.name ?? plugin.name)
            let row = [display, types.isEmpty ? "-" : types, config.isEmpty ? "-" : config, "v\(capabilities.protocolVersion)", "ok"]
            return row + (policy.isEnabled ? [plugin.sandbox.map(\.description) ?? "-"] : [])
        }
        // With --sandbox, each plugin's `capabilities` ran sandboxed: the column is what its launcher put in force.
        Output.line(Output.table(["PLUGIN", "CONTRACTS", "CONFIG TYPES", "PROTOCOL", "STATUS"] + (policy.isEnabled ? ["SANDBOX"] : []), rows))
    }
}

/// One row of `plugboard list --json`.
struct ListedPlugin: Encodable {
    var plugin: DiscoveredPlugin

    enum CodingKeys: String, CodingKey { case id, name, namespace, path, types, configTypes, protocolVersion, lazy, error, sandbox }

    struct Sandbox: Encodable {
        var applied: [String]
        var missing: [String]
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(plugin.name, forKey: .id)
        try container.encode(plugin.capabilities?.name ?? plugin.name, forKey: .name)
        try container.encodeIfPresent(plugin.capabilities?.namespace, forKey: .namespace)
        try container.encode(plugin.path, forKey: .path)
        try container.encode(plugin.capabilities?.types.mapValues { $0.map(\.type) } ?? [:], forKey: .types)
        try container.encode(plugin.capabilities?.configTypes.map(\.type) ?? [], forKey: .configTypes)
        try container.encodeIfPresent(plugin.capabilities?.protocolVersion, forKey: .protocolVersion)
        try container.encode(plugin.capabilities?.lazy ?? false, forKey: .lazy)
        if let error = plugin.error { try container.encode(error.message, forKey: .error) } else { try container.encodeNil(forKey: .error) }
        try container.encodeIfPresent(plugin.sandbox.map { Sandbox(applied: $0.applied, missing: $0.missing) }, forKey: .sandbox)
    }
}
