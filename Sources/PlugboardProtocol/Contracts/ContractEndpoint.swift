/// One endpoint of a contract, typed (``Endpoint``) or raw (``RawEndpoint``): what a plugin advertises about it.
public protocol ContractEndpoint: Sendable {
    /// The HTTP method.
    var method: HTTPMethod { get }
    /// The path, starting with `/`.
    var path: String { get }
    /// The endpoint with the JSON Schemas of its bodies, derived from their types.
    ///
    /// - Throws: ``WireSchemaError`` when a body type's schema cannot be derived.
    func describe() throws -> EndpointInfo
}
