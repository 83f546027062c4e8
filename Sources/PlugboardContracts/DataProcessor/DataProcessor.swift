import PlugboardProtocol

/// A plugin that processes bytes in some format: the first seed's example contract.
///
/// Wire: `POST /process` with ``ProcessRequest`` → ``ProcessResponse``; `GET /formats` → ``FormatsResponse``.
/// Byte-compatible with a Go framework plugin.
///
/// ```swift
/// struct Uppercase: DataProcessor {
///     func process(_ request: ProcessRequest) async throws -> ProcessResponse {
///         ProcessResponse(data: Array(request.data.string.uppercased().utf8), format: request.format)
///     }
///     func formats() async throws -> [String] { ["text/plain"] }
/// }
/// ```
public protocol DataProcessor: Sendable {
    /// Processes one input.
    func process(_ request: ProcessRequest) async throws -> ProcessResponse
    /// The input formats (MIME types) the processor accepts.
    func formats() async throws -> [String]
}
