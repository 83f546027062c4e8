/// The body of `GET /plugboard/v2/methods`: `{"methods": [...]}`.
public struct MethodsResponse: Codable, Sendable, Hashable {
    /// The methods.
    public var methods: [MethodInfo]

    /// Creates a response.
    public init(methods: [MethodInfo]) { self.methods = methods }
}
