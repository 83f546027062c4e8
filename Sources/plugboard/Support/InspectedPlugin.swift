import PlugboardProtocol

/// `plugboard inspect`: a plugin and its capabilities, as text lines or as JSON with the schemas inline.
struct InspectedPlugin: Encodable {
    var name: String
    /// The executable or the manifest.
    var path: String?
    /// Where an attached plugin is reached.
    var url: String?
    /// For an attached plugin: whether it answered.
    var reachable: Bool?
    var capabilities: Capabilities

    struct InlineType: Encodable {
        var type: String
        var jsonSchema: RawJSON?
    }

    enum CodingKeys: String, CodingKey { case path, url, reachable, name, namespace, lazy, `protocol`, types, configTypes, methods, events }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(path, forKey: .path)
        try container.encodeIfPresent(url, forKey: .url)
        try container.encodeIfPresent(reachable, forKey: .reachable)
        try container.encode(capabilities.name ?? name, forKey: .name)
        try container.encodeIfPresent(capabilities.namespace, forKey: .namespace)
        try container.encode(capabilities.lazy ?? false, forKey: .lazy)
        try container.encode(capabilities.protocol ?? ProtocolInfo(version: 1), forKey: .protocol)
        try container.encode(capabilities.types.mapValues { $0.map { InlineType(type: $0.type, jsonSchema: $0.jsonSchema) } }, forKey: .types)
        try container.encode(capabilities.configTypes.map { InlineType(type: $0.type, jsonSchema: $0.jsonSchema) }, forKey: .configTypes)
        try container.encode(capabilities.methods, forKey: .methods)
        try container.encode(capabilities.events, forKey: .events)
    }

    /// The text form.
    var lines: [String] {
        var lines: [String] = []
        lines.append("plugin:    \(capabilities.namespace.map { "\($0)/" } ?? "")\(capabilities.name ?? name)")
        if let path { lines.append("\(url == nil ? "path" : "manifest"):\(url == nil ? "      " : "  ")\(path)") }
        if let url { lines.append("url:       \(url) (\(reachable == true ? "reachable" : "not reachable"))") }
        let features = capabilities.protocol.map { $0.features.isEmpty ? "" : " (\($0.features.joined(separator: ", ")))" } ?? ""
        lines.append("protocol:  v\(capabilities.protocolVersion)" + features)
        lines.append("lazy:      \(capabilities.lazy ?? false)")
        lines.append("contracts:" + (capabilities.types.isEmpty ? " none" : ""))
        for (contract, types) in capabilities.types.sorted(by: { $0.key < $1.key }) {
            for info in types {
                lines.append("  \(contract) / \(info.type)")
                if let schema = info.jsonSchema { lines.append("    schema: \(schema)") }
            }
        }
        lines.append("config types:" + (capabilities.configTypes.isEmpty ? " none" : ""))
        for info in capabilities.configTypes {
            lines.append("  \(info.type)")
            if let schema = info.jsonSchema { lines.append("    schema: \(schema)") }
        }
        lines.append("methods:" + (capabilities.methods.isEmpty ? " none" : ""))
        for method in capabilities.methods {
            lines.append("  \(method.name)" + (method.description.map { ": \($0)" } ?? ""))
            lines.append("    input:  \(method.inputSchema.map { "JSON, schema \($0)" } ?? "bytes")")
            if let output = method.outputSchema { lines.append("    output: JSON, schema \(output)") }
        }
        lines.append("events:    " + (capabilities.events.isEmpty ? "none" : capabilities.events.joined(separator: ", ")))
        return lines
    }
}
