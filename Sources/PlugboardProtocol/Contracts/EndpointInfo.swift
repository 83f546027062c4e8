/// What a plugin advertises about one endpoint of a contract (v2 capabilities key `endpoints`): its method and
/// path and the JSON Schemas of its request and response bodies.
///
/// ```json
/// {"method": "POST", "path": "/process", "requestSchema": {"type": "object", ...}, "responseSchema": {...}}
/// ```
public struct EndpointInfo: Codable, Sendable, Hashable {
    /// The HTTP method.
    public var method: HTTPMethod
    /// The path, starting with `/`.
    public var path: String
    /// The schema every request body satisfies; nil when the endpoint takes no body.
    public var requestSchema: RawJSON?
    /// The schema every 2xx response body satisfies; nil when the endpoint answers nothing.
    public var responseSchema: RawJSON?
    /// Whether the bodies are raw bytes (`application/octet-stream`) rather than JSON.
    public var raw: Bool

    /// Creates an endpoint description.
    public init(method: HTTPMethod, path: String, requestSchema: RawJSON? = nil, responseSchema: RawJSON? = nil, raw: Bool = false) {
        self.method = method
        self.path = path
        self.requestSchema = requestSchema
        self.responseSchema = responseSchema
        self.raw = raw
    }

    enum CodingKeys: String, CodingKey { case method, path, requestSchema, responseSchema, raw }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.method = try container.decode(HTTPMethod.self, forKey: .method)
        self.path = try container.decode(String.self, forKey: .path)
        self.requestSchema = try container.decodeIfPresent(RawJSON.self, forKey: .requestSchema)
        self.responseSchema = try container.decodeIfPresent(RawJSON.self, forKey: .responseSchema)
        self.raw = try container.decodeIfPresent(Bool.self, forKey: .raw) ?? false
    }

    /// Writes `raw` only when it is true, and the schemas only when there are some.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(method, forKey: .method)
        try container.encode(path, forKey: .path)
        try container.encodeIfPresent(requestSchema, forKey: .requestSchema)
        try container.encodeIfPresent(responseSchema, forKey: .responseSchema)
        if raw { try container.encode(true, forKey: .raw) }
    }
}
