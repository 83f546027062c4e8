/// A plugin endpoint as bytes in, bytes out: what a contract implementation is mounted as on a plugin's server.
///
/// Throw an ``ErrorBody`` to answer with that status; any other error is answered with 500 and its description.
public struct Route: Sendable {
    /// The HTTP method.
    public var method: HTTPMethod
    /// The path, starting with `/`.
    public var path: String
    /// The content type of a successful response: `application/json` for typed endpoints,
    /// `application/octet-stream` for raw ones.
    public var contentType: String
    /// The handler: request body in, response body out.
    public var handler: @Sendable ([UInt8]) async throws -> [UInt8]

    /// Creates a route.
    public init(
        method: HTTPMethod,
        path: String,
        contentType: String = "application/json",
        handler: @escaping @Sendable ([UInt8]) async throws -> [UInt8]
    ) {
        self.method = method
        self.path = path
        self.contentType = contentType
        self.handler = handler
    }
}
