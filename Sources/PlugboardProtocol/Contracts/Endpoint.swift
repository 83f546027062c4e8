/// A typed endpoint of a contract: the HTTP method and path, and the Codable shapes that cross it.
///
/// ```swift
/// static let process = Endpoint<ProcessRequest, ProcessResponse>(.post, "/process")
/// ```
public struct Endpoint<Request: Codable & Sendable, Response: Codable & Sendable>: ContractEndpoint, Hashable {
    /// The HTTP method.
    public var method: HTTPMethod
    /// The path, starting with `/`.
    public var path: String

    /// Creates an endpoint.
    public init(_ method: HTTPMethod, _ path: String) {
        self.method = method
        self.path = path
    }

    /// A route that serves this endpoint with a typed handler: the request body is decoded (a body that does not
    /// decode is answered with 400 naming the JSON path), the response encoded.
    public func route(_ handler: @escaping @Sendable (Request) async throws -> Response) -> Route {
        Route(method: method, path: path) { body in
            let request: Request
            if Request.self == Empty.self {
                request = Empty() as! Request
            } else {
                do {
                    request = try WireJSON.decode(Request.self, from: body)
                } catch {
                    throw ErrorBody(message: "request body does not decode: \(WireJSON.describe(error))", statusCode: 400)
                }
            }
            return try WireJSON.encode(try await handler(request))
        }
    }

    /// The endpoint with the schemas derived from `Request` and `Response` (none for ``Empty``).
    public func describe() throws -> EndpointInfo {
        EndpointInfo(
            method: method,
            path: path,
            requestSchema: Request.self == Empty.self ? nil : try WireSchema.derive(Request.self),
            responseSchema: Response.self == Empty.self ? nil : try WireSchema.derive(Response.self)
        )
    }
}
