import Plugboard
import PlugboardContracts

/// docs/PYTHON.md, "From Swift it is a plugin like any other" (compiled here; sdks/python/tests/test_docs.py runs
/// the page's Python plugin).
func usePythonGreeter(_ manager: PluginManager) async throws {
    let greeter = try await manager.plugin(DataProcessorContract.self, type: "greet")
    let answer = try await greeter.process(ProcessRequest(data: "world"))          // "hello, world!"
    let handle = try await manager.plugin(name: "greeter")
    try await handle.on("greeted") { name in print("greeted", String(decoding: name, as: UTF8.self)) }
    _ = try await handle.execute("greet-all", Array(#"{"names":["ada","alan"]}"#.utf8))
    print(answer.data.string)
}
