// The README's plugin code ("Writing a plugin in Swift" and the plugin side of "GoPlug's model"), compiled by the
// test suite. This target depends on the PlugboardSDK and PlugboardContracts products only.
import PlugboardContracts
import PlugboardSDK

struct Uppercase: DataProcessor {
    func process(_ request: ProcessRequest) async throws -> ProcessResponse {
        ProcessResponse(data: Base64Bytes(Array(request.data.string.uppercased().utf8)), format: "text/plain")
    }
    func formats() async throws -> [String] { ["text/plain"] }
}

@main
struct SimpleProcessor: PluginMain {
    static var plugin: Plugin {
        var plugin = Plugin(name: "simple-processor")
        plugin.serve(DataProcessorContract.self, type: "uppercase", Uppercase())   // schemas derived from the types
        plugin.handle(.post, "/echo") { body, _ in body }               // raw bytes in, raw bytes out
        return plugin
    }
}
