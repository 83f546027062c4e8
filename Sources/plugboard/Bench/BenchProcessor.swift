import PlugboardContracts
import PlugboardProtocol

/// The internal plugin the bench calls: hands the input back, so the figure is the call path, not the work.
struct BenchProcessor: DataProcessor {
    func process(_ request: ProcessRequest) async throws -> ProcessResponse {
        ProcessResponse(data: request.data, format: request.format)
    }

    func formats() async throws -> [String] { ["text/plain"] }
}
