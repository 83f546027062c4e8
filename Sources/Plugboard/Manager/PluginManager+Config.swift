import PlugboardProtocol

extension PluginManager {
    /// The config items this plugin declared a type for, each validated against the plugin's schema for it.
    func configData(for capabilities: Capabilities, from items: [ConfigData], plugin: String, path: String?) throws(PluginError) -> [ConfigData] {
        let declared = Dictionary(capabilities.configTypes.map { ($0.type, $0) }, uniquingKeysWith: { first, _ in first })
        var chosen: [ConfigData] = []
        for item in items {
            guard let info = declared[item.type] else { continue }
            if let schema = info.jsonSchema {
                let errors = SchemaSupport.validate(item.data, against: schema)
                if !errors.isEmpty {
                    throw PluginError(.invalidConfig, plugin: plugin, path: path,
                                      message: "config data of type \"\(item.type)\" does not satisfy the plugin's schema:\n" + errors.map { "  - \($0)" }.joined(separator: "\n"))
                }
            }
            chosen.append(item)
        }
        return chosen
    }
}
