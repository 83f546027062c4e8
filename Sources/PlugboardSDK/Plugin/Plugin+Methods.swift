import PlugboardProtocol

extension Plugin {
    /// Offers a named method, bytes in and bytes out (GoPlug's model). The host lists it with `methods()` and
    /// calls it with `execute(name, bytes)`.
    ///
    /// ```swift
    /// plugin.method("reverse", description: "reverses the bytes") { input, _ in input.reversed() }
    /// ```
    public mutating func method(
        _ name: String,
        description: String? = nil,
        _ handler: @escaping @Sendable ([UInt8], PluginContext) async throws -> [UInt8]
    ) {
        methods.append(MethodInfo(name: name, description: description))
        methodHandlers[name] = handler
    }

    /// Offers a named method that takes and returns JSON: the input is decoded as `Input` (a 400 naming the JSON
    /// path when it does not decode) and the output encoded. The schemas are published so the host can check
    /// input before sending it.
    ///
    /// ```swift
    /// plugin.method("count", inputSchema: #"{"type":"object","required":["text"]}"#) { (input: CountInput, _) in
    ///     CountOutput(words: input.text.split(separator: " ").count)
    /// }
    /// ```
    public mutating func method<Input: Codable & Sendable, Output: Codable & Sendable>(
        _ name: String,
        description: String? = nil,
        inputSchema: RawJSON? = nil,
        outputSchema: RawJSON? = nil,
        _ handler: @escaping @Sendable (Input, PluginContext) async throws -> Output
    ) {
        methods.append(MethodInfo(name: name, description: description, inputSchema: inputSchema, outputSchema: outputSchema))
        methodHandlers[name] = { bytes, context in
            let input: Input
            do {
                input = try WireJSON.decode(Input.self, from: bytes)
            } catch {
                throw ErrorBody(message: "input of method \"\(name)\" does not decode: \(WireJSON.describe(error))", statusCode: 400)
            }
            return try WireJSON.encode(try await handler(input, context))
        }
    }

    /// Declares events the plugin may send with ``PluginContext/notify(_:_:)`` (listed in capabilities).
    public mutating func emits(_ events: String...) {
        self.events += events
    }

    /// Runs when the plugin is loaded, before it listens; throwing stops the start (exit status 1).
    public mutating func onActivate(_ hook: @escaping @Sendable (PluginContext) async throws -> Void) {
        activate = hook
    }

    /// Runs when the plugin is unloaded, after in-flight requests finished and before the socket goes.
    public mutating func onDeactivate(_ hook: @escaping @Sendable (PluginContext) async -> Void) {
        deactivate = hook
    }
}
