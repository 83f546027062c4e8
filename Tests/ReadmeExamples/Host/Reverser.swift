import Plugboard
import PlugboardContracts

/// The internal plugin the README's host registers: reverses text, compiled into the host.
struct Reverser: DataProcessor {
    func process(_ request: ProcessRequest) async throws -> ProcessResponse {
        ProcessResponse(data: Base64Bytes(Array(String(request.data.string.reversed()).utf8)), format: request.format)
    }

    func formats() async throws -> [String] { ["text/plain"] }
}
