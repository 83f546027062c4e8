import PlugboardSDK

struct AnnounceInput: Codable, Sendable {
    var count: Int
}

struct Done: Codable, Sendable {}

/// README, "GoPlug's model" (plugin side; Examples/text-tools is the whole plugin).
func textTools() -> Plugin {
    // Plugin side (Examples/text-tools)
    var plugin = Plugin(name: "text-tools", namespace: "examples", lazy: true)    // lazy: started on first use
    plugin.method("reverse") { input, _ in Array(String(String(decoding: input, as: UTF8.self).reversed()).utf8) }
    plugin.method("announce", inputSchema: #"{"type":"object","required":["count"]}"#) { (input: AnnounceInput, context) in
        for index in 1...input.count { try context.notify("progress", Array("\(index)".utf8)) }   // fails at once if nobody listens
        return Done()
    }
    plugin.onActivate { context in context.logger.info("loaded") }
    plugin.onDeactivate { context in context.logger.info("unloaded") }
    return plugin
}
