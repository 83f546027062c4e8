import PlugboardProtocol

extension Plugin {
    /// Serves a contract with a service built when the plugin starts, from its config.
    ///
    /// The capabilities list the contract's endpoints with the JSON Schemas derived from their types; `schema`, when
    /// given, is the type's `jsonSchema` instead of the derived request schema of the contract's first endpoint.
    ///
    /// ```swift
    /// plugin.serve(DataProcessorContract.self, type: "uppercase") { context in
    ///     Uppercase(prefix: try context.config(Settings.self, type: "uppercase-settings")?.prefix ?? "")
    /// }
    /// ```
    public mutating func serve<C: PluginContract>(
        _ contract: C.Type,
        type: String,
        schema: RawJSON? = nil,
        _ make: @escaping @Sendable (PluginContext) throws -> C.Service
    ) {
        types[C.name, default: []].append(TypeInfo(type: type, jsonSchema: schema))
        endpoints[C.name] = { try C.endpoints.map { try $0.describe() } }
        // A contract's routes are mounted once, however many types the plugin declares for it.
        if types[C.name]!.count == 1 {
            mounts.append { context in C.routes(try make(context)) }
        }
    }

    /// Serves a contract with a service value.
    ///
    /// ```swift
    /// plugin.serve(DataProcessorContract.self, type: "uppercase", Uppercase())
    /// ```
    public mutating func serve<C: PluginContract>(
        _ contract: C.Type,
        type: String,
        schema: RawJSON? = nil,
        _ service: C.Service
    ) {
        serve(contract, type: type, schema: schema) { _ in service }
    }

    /// Declares a config type the plugin accepts, with the JSON Schema its data must satisfy. The host validates
    /// config data against the schema before it starts the plugin.
    public mutating func acceptsConfig(type: String, schema: RawJSON? = nil) {
        configTypes.append(ConfigTypeInfo(type: type, jsonSchema: schema))
    }

    /// Serves a typed endpoint: the body is decoded as `Request` (400 naming the JSON path if it does not decode)
    /// and the returned `Response` encoded as JSON.
    ///
    /// ```swift
    /// plugin.handle(Endpoint<Greeting, Greeting>(.post, "/greet")) { greeting, _ in Greeting(text: "hi " + greeting.text) }
    /// ```
    public mutating func handle<Request, Response>(
        _ endpoint: Endpoint<Request, Response>,
        _ handler: @escaping @Sendable (Request, PluginContext) async throws -> Response
    ) {
        mounts.append { context in [endpoint.route { try await handler($0, context) }] }
    }

    /// Serves raw bytes: the request body in, the response body out (sent as `application/octet-stream`).
    public mutating func handle(
        _ method: HTTPMethod,
        _ path: String,
        _ handler: @escaping @Sendable ([UInt8], PluginContext) async throws -> [UInt8]
    ) {
        mounts.append { context in [Route(method: method, path: path, contentType: "application/octet-stream") { try await handler($0, context) }] }
    }
}
