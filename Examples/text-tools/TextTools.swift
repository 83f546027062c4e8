import PlugboardProtocol
import PlugboardSDK

/// Input of `count-words`.
struct CountInput: Codable, Sendable {
    var text: String
}

/// Output of `count-words`.
struct CountOutput: Codable, Sendable {
    var words: Int
    var characters: Int
}

/// Input of `announce`.
struct AnnounceInput: Codable, Sendable {
    /// How many `progress` events to send.
    var count: Int
    /// The event name (default `progress`).
    var event: String?
}

/// GoPlug's model in one plugin: a name in a namespace, named methods (raw and typed), events to the host, activation
/// hooks, and lazy start. Run it under a host, or on its own with `text-tools --attach DIR`.
@main
struct TextTools: PluginMain {
    static var plugin: Plugin {
        var plugin = Plugin(name: "text-tools", namespace: "examples", lazy: true)
        plugin.method("reverse", description: "reverses the UTF-8 text it is given") { input, _ in
            Array(String(String(decoding: input, as: UTF8.self).reversed()).utf8)
        }
        plugin.method(
            "count-words",
            description: "counts words and characters",
            inputSchema: #"{"type":"object","required":["text"],"properties":{"text":{"type":"string"}},"additionalProperties":false}"#,
            outputSchema: #"{"type":"object","properties":{"words":{"type":"integer"},"characters":{"type":"integer"}}}"#
        ) { (input: CountInput, _) in
            CountOutput(words: input.text.split(whereSeparator: \.isWhitespace).count, characters: input.text.count)
        }
        plugin.method(
            "announce",
            description: "sends `count` events named `event` (default progress) to the host, then returns how many it sent",
            inputSchema: #"{"type":"object","required":["count"],"properties":{"count":{"type":"integer","minimum":0,"maximum":1000000},"event":{"type":"string"}}}"#
        ) { (input: AnnounceInput, context) in
            let name = input.event ?? "progress"
            for index in 1...max(input.count, 1) where input.count > 0 {
                try context.notify(name, Array("\(index)/\(input.count)".utf8))
            }
            return CountOutput(words: input.count, characters: 0)
        }
        plugin.method("listened-events", description: "the events the host listens for") { _, context in
            Array(context.listenedEvents.joined(separator: ",").utf8)
        }
        plugin.emits("progress")
        plugin.onActivate { context in
            context.logger.info("activated")
        }
        plugin.onDeactivate { context in
            context.logger.info("deactivated")
        }
        return plugin
    }
}
