import PlugboardProtocol

/// A plugin that applies named transformations, with parameters, to bytes.
///
/// Wire: `POST /transform` with ``TransformRequest`` → ``TransformResponse``; `GET /transformations` →
/// `{"transformations": [...]}` (``TransformationInfo``). `@PluginContract` generates ``TransformerContract`` and
/// ``TransformerClient``.
@PluginContract("transformer")
public protocol Transformer: Sendable {
    /// Applies one transformation.
    func transform(_ request: TransformRequest) async throws -> TransformResponse
    /// The transformations on offer.
    @Endpoint(.get, "/transformations", responseKey: "transformations")
    func transformations() async throws -> [TransformationInfo]
}
