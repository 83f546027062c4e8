/// The body answered by `GET /transformations`.
public struct TransformationsResponse: Codable, Sendable, Hashable {
    /// The transformations on offer.
    public var transformations: [TransformationInfo]

    /// Creates a response.
    public init(transformations: [TransformationInfo]) { self.transformations = transformations }
}
