import PlugboardContracts
import PlugboardProtocol
import PlugboardSDK

/// Settings the host may pass as config type `uppercase-settings`.
struct UppercaseSettings: Codable, Sendable {
    var prefix: String?
}

/// Upper-cases text: the first seed's simple-processor.
struct Uppercase: DataProcessor {
    var prefix: String

    func process(_ request: ProcessRequest) async throws -> ProcessResponse {
        guard request.format.isEmpty || request.format.hasPrefix("text/") else {
            throw ErrorBody(message: "format \(request.format) is not supported; use text/plain", statusCode: 400)
        }
        let output = prefix + request.data.string.uppercased()
        return ProcessResponse(data: Base64Bytes(Array(output.utf8)), format: "text/plain", metadata: ["processed_by": "simple-processor"])
    }

    func formats() async throws -> [String] { ["text/plain", "text/markdown"] }
}

@main
struct SimpleProcessor: PluginMain {
    static var plugin: Plugin {
        var plugin = Plugin(name: "simple-processor")
        plugin.acceptsConfig(
            type: "uppercase-settings",
            schema: #"{"type":"object","properties":{"prefix":{"type":"string","maxLength":32}},"additionalProperties":false}"#
        )
        // The capabilities carry the contract's endpoints with schemas derived from ProcessRequest/ProcessResponse.
        plugin.serve(DataProcessorContract.self, type: "uppercase") { context in
            Uppercase(prefix: try context.config(UppercaseSettings.self, type: "uppercase-settings")?.prefix ?? "")
        }
        // A raw-bytes endpoint: the body back, unchanged (used by the benchmark and the tests).
        plugin.handle(.post, "/echo") { body, _ in body }
        return plugin
    }
}
