import PlugboardProtocol

/// A plugin that processes bytes in some format: the first seed's example contract.
///
/// Wire: `POST /process` with ``ProcessRequest`` → ``ProcessResponse``; `GET /formats` → `{"formats": [...]}`.
/// Byte-compatible with a Go framework plugin. `@PluginContract` generates ``DataProcessorContract`` (endpoints,
/// client, routes) and ``DataProcessorClient``.
///
/// ```swift
/// struct Uppercase: DataProcessor {
///     func process(_ request: ProcessRequest) async throws -> ProcessResponse {
///         ProcessResponse(data: Base64Bytes(Array(request.data.string.uppercased().utf8)), format: request.format)
///     }
///     func formats() async throws -> [String] { ["text/plain"] }
/// }
/// ```
@PluginContract("dataProcessor")
public protocol DataProcessor: Sendable {
    /// Processes one input.
    func process(_ request: ProcessRequest) async throws -> ProcessResponse
    /// The input formats (MIME types) the processor accepts.
    @Endpoint(.get, "/formats", responseKey: "formats")
    func formats() async throws -> [String]
}
