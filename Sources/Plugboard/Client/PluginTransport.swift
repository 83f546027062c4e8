import JSONSchema
import PlugboardProtocol

/// The ``EndpointTransport`` behind every contract client of an external or attached plugin: starts the plugin when
/// needed, checks the request (and, if asked, the response) against the schemas the plugin advertises for the
/// endpoint, sends it, and turns a non-2xx answer into a ``PluginError`` carrying the plugin's message.
struct PluginTransport: EndpointTransport {
    let plugin: ExternalPlugin
    /// The contract the client calls, for its spans.
    let contract: String

    func send(_ method: HTTPMethod, _ path: String, body: [UInt8]) async throws -> [UInt8] {
        try check(body, of: method, path, against: plugin.endpointSchemas.request(method, path))
        return try await exchange(method, path, body: body)
    }

    func send<Request, Response>(_ endpoint: Endpoint<Request, Response>, body: [UInt8]) async throws -> [UInt8] {
        try check(body, of: endpoint.method, endpoint.path,
                  against: plugin.endpointSchemas.request(endpoint.method, endpoint.path, encodedFrom: Request.self))
        return try await exchange(endpoint.method, endpoint.path, body: body)
    }

    private func check(_ body: [UInt8], of method: HTTPMethod, _ path: String, against schema: JSONSchema?) throws(PluginError) {
        guard let schema else { return }
        let problems = SchemaSupport.validate(body, against: schema)
        if !problems.isEmpty {
            throw PluginError(.invalidInput, plugin: plugin.name, path: plugin.path,
                              message: "request body of \(method.rawValue) \(path) does not satisfy the plugin's schema; nothing was sent:\n" + Self.list(problems))
        }
    }

    private func exchange(_ method: HTTPMethod, _ path: String, body: [UInt8]) async throws -> [UInt8] {
        let response = try await plugin.send(method, path, body: body, contract: contract)
        guard (200..<300).contains(response.status) else {
            let message = (try? WireJSON.decode(ErrorBody.self, from: response.body).message)
                ?? String(decoding: response.body.prefix(500), as: UTF8.self)
            throw PluginError(.requestFailed, plugin: plugin.name, path: plugin.path, message: "\(method.rawValue) \(path) answered \(response.status): \(message)", status: response.status)
        }
        if let schema = plugin.endpointSchemas.response(method, path) {
            let problems = SchemaSupport.validate(response.body, against: schema)
            if !problems.isEmpty {
                throw PluginError(.invalidResponse, plugin: plugin.name, path: plugin.path,
                                  message: "response of \(method.rawValue) \(path) does not satisfy the plugin's schema:\n" + Self.list(problems))
            }
        }
        return response.body
    }

    private static func list(_ problems: [String]) -> String {
        problems.map { "  - \($0)" }.joined(separator: "\n")
    }
}
