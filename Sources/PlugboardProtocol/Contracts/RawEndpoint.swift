/// An endpoint whose bodies are bytes as they are (`application/octet-stream`), not JSON.
///
/// ```swift
/// static let echo = RawEndpoint(.post, "/echo")
/// ```
public struct RawEndpoint: ContractEndpoint, Hashable {
    /// The HTTP method.
    public var method: HTTPMethod
    /// The path, starting with `/`.
    public var path: String

    /// Creates a raw endpoint.
    public init(_ method: HTTPMethod, _ path: String) {
        self.method = method
        self.path = path
    }

    /// A route that hands the body to `handler` and answers what it returns.
    public func route(_ handler: @escaping @Sendable ([UInt8]) async throws -> [UInt8]) -> Route {
        Route(method: method, path: path, contentType: "application/octet-stream", handler: handler)
    }

    /// The endpoint, with no schemas: its bodies are not JSON.
    public func describe() throws -> EndpointInfo {
        EndpointInfo(method: method, path: path, raw: true)
    }
}
