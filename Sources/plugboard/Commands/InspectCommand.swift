import ArgumentParser
import Plugboard
import PlugboardProtocol

/// `plugboard inspect PLUGIN`: one plugin's capabilities in full.
struct InspectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show one plugin's capabilities in full, schemas included."
    )

    @Argument(help: "The plugin executable.")
    var plugin: String

    @Flag(help: "Print the capabilities as JSON (schemas inline).")
    var json = false

    @Option(help: "Seconds the plugin may take to answer 'capabilities'.")
    var timeout: Double = 5

    func run() async throws {
        let result = await Discovery.probe(file: plugin, timeout: .seconds(timeout))
        guard let capabilities = result.capabilities else {
            throw CommandFailure(message: result.error?.description ?? "plugin \(plugin): unknown error")
        }
        if json {
            try Output.json(InspectedPlugin(path: result.path, capabilities: capabilities))
            return
        }
        Output.line("plugin:    \(capabilities.namespace.map { "\($0)/" } ?? "")\(capabilities.name ?? result.name)")
        Output.line("path:      \(result.path)")
        Output.line("protocol:  v\(capabilities.protocolVersion)" + (capabilities.protocol.map { $0.features.isEmpty ? "" : " (\($0.features.joined(separator: ", ")))" } ?? ""))
        Output.line("lazy:      \(capabilities.lazy ?? false)")
        Output.line("contracts:")
        for (contract, types) in capabilities.types.sorted(by: { $0.key < $1.key }) {
            for info in types {
                Output.line("  \(contract) / \(info.type)")
                if let schema = info.jsonSchema { Output.line("    schema: \(schema)") }
            }
        }
        Output.line("config types:" + (capabilities.configTypes.isEmpty ? " none" : ""))
        for info in capabilities.configTypes {
            Output.line("  \(info.type)")
            if let schema = info.jsonSchema { Output.line("    schema: \(schema)") }
        }
    }
}

/// `plugboard inspect --json`: the path and the capabilities with schemas inline.
struct InspectedPlugin: Encodable {
    var path: String
    var capabilities: Capabilities

    struct InlineType: Encodable {
        var type: String
        var jsonSchema: RawJSON?
    }

    enum CodingKeys: String, CodingKey { case path, name, namespace, lazy, `protocol`, types, configTypes }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(path, forKey: .path)
        try container.encodeIfPresent(capabilities.name, forKey: .name)
        try container.encodeIfPresent(capabilities.namespace, forKey: .namespace)
        try container.encode(capabilities.lazy ?? false, forKey: .lazy)
        try container.encode(capabilities.protocol ?? ProtocolInfo(version: 1), forKey: .protocol)
        try container.encode(capabilities.types.mapValues { $0.map { InlineType(type: $0.type, jsonSchema: $0.jsonSchema) } }, forKey: .types)
        try container.encode(capabilities.configTypes.map { InlineType(type: $0.type, jsonSchema: $0.jsonSchema) }, forKey: .configTypes)
    }
}
