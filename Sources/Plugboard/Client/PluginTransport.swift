import PlugboardProtocol

/// The ``EndpointTransport`` behind every contract client of an external or attached plugin: starts the plugin when
/// needed, sends the request, and turns a non-2xx answer into a ``PluginError`` carrying the plugin's message.
struct PluginTransport: EndpointTransport {
    let plugin: ExternalPlugin
    /// The contract the client calls, for its spans.
    let contract: String

    func send(_ method: HTTPMethod, _ path: String, body: [UInt8]) async throws -> [UInt8] {
        let response = try await plugin.send(method, path, body: body, contract: contract)
        guard (200..<300).contains(response.status) else {
            let message = (try? WireJSON.decode(ErrorBody.self, from: response.body).message)
                ?? String(decoding: response.body.prefix(500), as: UTF8.self)
            throw PluginError(.requestFailed, plugin: plugin.name, path: plugin.path, message: "\(method.rawValue) \(path) answered \(response.status): \(message)", status: response.status)
        }
        return response.body
    }
}
