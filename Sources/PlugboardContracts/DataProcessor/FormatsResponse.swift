/// The body answered by `GET /formats`: `{"formats": ["text/plain"]}`.
public struct FormatsResponse: Codable, Sendable, Hashable {
    /// The accepted formats.
    public var formats: [String]

    /// Creates a response.
    public init(formats: [String]) { self.formats = formats }
}
