import JSONSchema
import PlugboardProtocol
import Synchronization

/// The compiled JSON Schemas of a plugin's contract endpoints (capabilities `endpoints`), by method and path: what
/// the host checks contract calls against. Compiled once, when the plugin is registered.
///
/// A request encoded from a Swift type whose derived schema is exactly the one the plugin advertises satisfies it
/// by construction (the derivation follows the type's own decoder, and the encoder writes what it reads), so such a
/// body is not parsed again: checking it would cost ~8 µs a call for a small body (docs/PERFORMANCE.md). Bodies of
/// other types (a host built against another version of the contract) and raw sends are checked in full.
final class EndpointSchemas: Sendable {
    private struct Key: Hashable {
        let method: HTTPMethod
        let path: String
    }

    private struct Entry: Sendable {
        let schema: JSONSchema
        let text: RawJSON
    }

    private let requests: [Key: Entry]
    private let responses: [Key: JSONSchema]
    /// Per request type: whether its derived schema is the advertised one (so its bodies need no check).
    private let derivedMatches = Mutex<[ObjectIdentifier: Bool]>([:])

    /// The schemas `validation` asks for; none when it is ``ContractValidation/off`` or the plugin advertises none.
    /// A schema that does not compile is left out (registration refuses such a plugin first).
    init(_ capabilities: Capabilities, validation: ContractValidation) {
        var requests: [Key: Entry] = [:]
        var responses: [Key: JSONSchema] = [:]
        if validation != .off {
            for endpoint in capabilities.endpoints.values.joined() where !endpoint.raw {
                let key = Key(method: endpoint.method, path: endpoint.path)
                if let text = endpoint.requestSchema, let schema = try? JSONSchema(json: text.bytes) {
                    requests[key] = Entry(schema: schema, text: text)
                }
                if validation == .requestsAndResponses {
                    responses[key] = endpoint.responseSchema.flatMap { try? JSONSchema(json: $0.bytes) }
                }
            }
        }
        self.requests = requests
        self.responses = responses
    }

    /// The schema a request body of unknown type to `method path` is checked against, if any.
    func request(_ method: HTTPMethod, _ path: String) -> JSONSchema? {
        requests.isEmpty ? nil : requests[Key(method: method, path: path)]?.schema
    }

    /// The schema a body encoded from `Request` to `method path` must still be checked against: nil when there is
    /// none, or when `Request` derives exactly the advertised schema.
    func request<Request: Decodable>(_ method: HTTPMethod, _ path: String, encodedFrom type: Request.Type) -> JSONSchema? {
        guard !requests.isEmpty, let entry = requests[Key(method: method, path: path)] else { return nil }
        let id = ObjectIdentifier(Request.self)
        if let matches = derivedMatches.withLock({ $0[id] }) { return matches ? nil : entry.schema }
        let matches = (try? WireSchema.derive(Request.self)) == entry.text
        derivedMatches.withLock { $0[id] = matches }
        return matches ? nil : entry.schema
    }

    /// The schema a 2xx response of `method path` is checked against, if any.
    func response(_ method: HTTPMethod, _ path: String) -> JSONSchema? {
        responses.isEmpty ? nil : responses[Key(method: method, path: path)]
    }
}
