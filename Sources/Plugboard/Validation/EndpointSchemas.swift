import JSONSchema
import PlugboardProtocol

/// The compiled JSON Schemas of a plugin's contract endpoints (capabilities `endpoints`), by method and path: what
/// the host checks contract calls against. Compiled once, when the plugin is registered.
struct EndpointSchemas: Sendable {
    private struct Key: Hashable {
        let method: HTTPMethod
        let path: String
    }

    private let requests: [Key: JSONSchema]
    private let responses: [Key: JSONSchema]

    /// The schemas `validation` asks for; none when it is ``ContractValidation/off`` or the plugin advertises none.
    /// A schema that does not compile is left out (registration refuses such a plugin first).
    init(_ capabilities: Capabilities, validation: ContractValidation) {
        var requests: [Key: JSONSchema] = [:]
        var responses: [Key: JSONSchema] = [:]
        if validation != .off {
            for endpoint in capabilities.endpoints.values.joined() where !endpoint.raw {
                let key = Key(method: endpoint.method, path: endpoint.path)
                requests[key] = endpoint.requestSchema.flatMap { try? JSONSchema(json: $0.bytes) }
                if validation == .requestsAndResponses {
                    responses[key] = endpoint.responseSchema.flatMap { try? JSONSchema(json: $0.bytes) }
                }
            }
        }
        self.requests = requests
        self.responses = responses
    }

    /// The schema a request to `method path` is checked against, if any.
    func request(_ method: HTTPMethod, _ path: String) -> JSONSchema? {
        requests.isEmpty ? nil : requests[Key(method: method, path: path)]
    }

    /// The schema a 2xx response of `method path` is checked against, if any.
    func response(_ method: HTTPMethod, _ path: String) -> JSONSchema? {
        responses.isEmpty ? nil : responses[Key(method: method, path: path)]
    }
}
