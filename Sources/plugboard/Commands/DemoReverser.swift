import PlugboardContracts
import PlugboardProtocol

/// The demo's internal plugin.
struct DemoReverser: DataProcessor {
    func process(_ request: ProcessRequest) async throws -> ProcessResponse {
        ProcessResponse(data: Base64Bytes(Array(String(request.data.string.reversed()).utf8)), format: request.format)
    }

    func formats() async throws -> [String] { ["text/plain"] }
}
