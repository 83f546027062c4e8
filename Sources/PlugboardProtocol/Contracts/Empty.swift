/// The body of an endpoint that takes or returns nothing. Encodes as `{}`; decodes from anything.
public struct Empty: Codable, Sendable, Hashable {
    /// Creates the empty body.
    public init() {}
    public init(from decoder: any Decoder) throws {}
    public func encode(to encoder: any Encoder) throws {
        _ = encoder.container(keyedBy: NoKeys.self)
    }

    private enum NoKeys: CodingKey {}
}
