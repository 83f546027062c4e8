import JSONSchema
import PlugboardProtocol

extension ExternalPlugin {
    /// The plugin's named methods: from its capabilities, or (for an attached plugin) from `GET /plugboard/v2/methods`.
    func methods() async throws -> [MethodInfo] {
        if backend.capabilitiesAreComplete { return capabilities.methods }
        let response = try await send(.get, V2Paths.methods, body: [])
        guard response.status == 200 else {
            if response.status == 404 { return [] }
            throw PluginError(.requestFailed, plugin: name, path: path, message: "GET \(V2Paths.methods) answered \(response.status)", status: response.status)
        }
        do {
            return try WireJSON.decode(MethodsResponse.self, from: response.body).methods
        } catch {
            throw PluginError(.requestFailed, plugin: name, path: path, message: "the method list does not decode: \(WireJSON.describe(error))")
        }
    }

    /// Calls a method by name with raw bytes. An unknown name, or input that breaks the method's declared input
    /// schema, is refused before anything is sent (and without starting the plugin).
    func execute(_ method: String, _ input: [UInt8]) async throws -> [UInt8] {
        let known = try await methods()
        guard let info = known.first(where: { $0.name == method }) else {
            let names = known.map { "\"\($0.name)\"" }.joined(separator: ", ")
            throw PluginError(.notFound, plugin: name, path: path, message: "has no method \"\(method)\"" + (names.isEmpty ? "; it has no methods" : "; methods: \(names)"))
        }
        if let schema = info.inputSchema {
            let problems = SchemaSupport.validate(input, against: schema)
            if !problems.isEmpty {
                throw PluginError(.invalidInput, plugin: name, path: path,
                                  message: "input of method \"\(method)\" does not satisfy its schema:\n" + problems.map { "  - \($0)" }.joined(separator: "\n"))
            }
        }
        let response = try await send(.post, V2Paths.method(method), body: input)
        guard (200..<300).contains(response.status) else {
            let message = (try? WireJSON.decode(ErrorBody.self, from: response.body).message) ?? String(decoding: response.body.prefix(500), as: UTF8.self)
            throw PluginError(.requestFailed, plugin: name, path: path, message: "method \"\(method)\" answered \(response.status): \(message)", status: response.status)
        }
        return response.body
    }
}
