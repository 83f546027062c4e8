import Plugboard

/// README, "GoPlug's model" (host side), against Examples/text-tools.
func useTextTools(_ manager: PluginManager) async throws {
    // Host side
    let tools = try await manager.plugin(name: "text-tools", namespace: "examples")
    print(try await tools.methods().map(\.name))                     // ["reverse", "count-words", "announce", …]
    try await tools.on("progress") { data in print(String(decoding: data, as: UTF8.self)) }   // in order, never blocks calls
    let reversed = try await tools.execute("reverse", Array("hello".utf8))                    // starts the lazy plugin
    try await manager.unload("examples/text-tools"); try await manager.load("examples/text-tools")
    print(String(decoding: reversed, as: UTF8.self))
}
