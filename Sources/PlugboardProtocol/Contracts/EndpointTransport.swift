/// Something that can send a request to a plugin endpoint and return the response body: the host's connection to
/// an external or attached plugin. Contract clients are written against this, so they need no networking code.
public protocol EndpointTransport: Sendable {
    /// Sends a request and returns the 2xx response body; throws for any other status.
    func send(_ method: HTTPMethod, _ path: String, body: [UInt8]) async throws -> [UInt8]
    /// Sends the encoded request of a typed endpoint. The default sends it as ``send(_:_:body:)`` does; a transport
    /// that checks bodies can use the endpoint's types (the host skips the schema check for a body whose type
    /// derives the very schema the plugin advertises).
    func send<Request, Response>(_ endpoint: Endpoint<Request, Response>, body: [UInt8]) async throws -> [UInt8]
}

extension EndpointTransport {
    /// Sends the body as ``send(_:_:body:)``.
    public func send<Request, Response>(_ endpoint: Endpoint<Request, Response>, body: [UInt8]) async throws -> [UInt8] {
        try await send(endpoint.method, endpoint.path, body: body)
    }

    /// Calls a typed endpoint: encodes the request, sends it, decodes the response.
    ///
    /// ```swift
    /// let response = try await transport.call(DataProcessorContract.process, ProcessRequest(...))
    /// ```
    public func call<Request, Response>(_ endpoint: Endpoint<Request, Response>, _ request: Request) async throws -> Response {
        let body: [UInt8] = Request.self == Empty.self ? [] : try WireJSON.encode(request)
        let response = try await send(endpoint, body: body)
        do {
            return try WireJSON.decode(Response.self, from: response)
        } catch {
            throw ProtocolError.invalidDocument(
                document: "response of \(endpoint.method.rawValue) \(endpoint.path)",
                detail: WireJSON.describe(error)
            )
        }
    }

    /// Calls a raw endpoint: the bytes go as they are and the answer's bytes come back.
    public func call(_ endpoint: RawEndpoint, _ body: [UInt8]) async throws -> [UInt8] {
        try await send(endpoint.method, endpoint.path, body: body)
    }

    /// Calls a typed endpoint that takes no request body.
    public func call<Response>(_ endpoint: Endpoint<Empty, Response>) async throws -> Response {
        try await call(endpoint, Empty())
    }
}
