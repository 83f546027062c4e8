import PlugboardContracts

/// An internal plugin that is never called.
struct IdleProcessor: DataProcessor {
    func process(_ request: ProcessRequest) async throws -> ProcessResponse { ProcessResponse(data: request.data) }
    func formats() async throws -> [String] { [] }
}
