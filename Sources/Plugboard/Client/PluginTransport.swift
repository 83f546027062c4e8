import PlugboardProtocol

/// The ``EndpointTransport`` behind every contract client of an external or attached plugin: starts the plugin when
/// needed, checks the request (and, if asked, the response) against the schemas the plugin advertises for the
/// endpoint, sends it, and turns a non-2xx answer into a ``PluginError`` carrying the plugin's message.
struct PluginTransport: EndpointTransport {
    let plugin: ExternalPlugin

    func send(_ method: HTTPMethod, _ path: String, body: [UInt8]) async throws -> [UInt8] {
        if let schema = plugin.endpointSchemas.request(method, path) {
            let problems = SchemaSupport.validate(body, against: schema)
            if !problems.isEmpty {
                throw PluginError(.invalidInput, plugin: plugin.name, path: plugin.path,
                                  message: "request body of \(method.rawValue) \(path) does not satisfy the plugin's schema; nothing was sent:\n" + Self.list(problems))
            }
        }
        let response = try await plugin.send(method, path, body: body)
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
