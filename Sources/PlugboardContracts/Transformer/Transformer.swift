import PlugboardProtocol

/// A plugin that applies named transformations, with parameters, to bytes.
///
/// Wire: `POST /transform` with ``TransformRequest`` → ``TransformResponse``; `GET /transformations` →
/// ``TransformationsResponse``.
public protocol Transformer: Sendable {
    /// Applies one transformation.
    func transform(_ request: TransformRequest) async throws -> TransformResponse
    /// The transformations on offer.
    func transformations() async throws -> [TransformationInfo]
}
