import PlugboardProtocol

/// A handle on one registered plugin for what is not a contract call: health, status, raw requests, stopping.
///
/// ```swift
/// let handle = try await manager.handle(named: "simple-processor")
/// let roundTrip = try await handle.ping()
/// ```
public struct PluginHandle: Sendable {
    /// The plugin's registered name.
    public let name: String
    let external: ExternalPlugin?

    /// Starts the plugin if needed and checks `GET /healthz`; returns the round-trip time. Internal plugins answer at once.
    @discardableResult
    public func ping() async throws -> Duration {
        guard let external else { return .zero }
        let started = ContinuousClock.now
        let response = try await external.send(.get, "/healthz", body: [])
        guard response.status == 200 else {
            throw PluginError(.requestFailed, plugin: name, path: external.path, message: "/healthz answered \(response.status)", status: response.status)
        }
        return ContinuousClock.now - started
    }

    /// Sends a raw request to an external plugin (starting it if needed) and returns its status and body,
    /// whatever the status.
    public func send(_ method: HTTPMethod, _ path: String, body: [UInt8] = [], timeout: Duration? = nil) async throws -> HTTPResponse {
        guard let external else {
            throw PluginError(.notFound, plugin: name, message: "is internal: it has no HTTP endpoints")
        }
        return try await external.send(method, path, body: body, timeout: timeout)
    }

    /// The plugin's runtime state.
    public var status: PluginStatus { external?.status ?? PluginStatus(state: .ready) }

    /// Starts the plugin now if it is not running (lazy, idle-stopped or crashed).
    public func start() async throws {
        _ = try await external?.readyPool()
    }

    /// Waits until the plugin's process exits, for at most `duration`; returns how it ended, or nil if it is still
    /// running (or none runs).
    public func waitForExit(within duration: Duration) async -> PluginExit? {
        await external?.waitForExit(within: duration)?.status
    }

    /// The plugin's named methods (GoPlug's `GetMethods`). Internal plugins have none.
    ///
    /// ```swift
    /// for method in try await handle.methods() { print(method.name, method.description ?? "") }
    /// ```
    public func methods() async throws -> [MethodInfo] {
        try await external?.methods() ?? []
    }

    /// Calls a method by name (GoPlug's `Execute`): bytes in, bytes out. The plugin starts if it is not running.
    /// An unknown method, or input that breaks the method's input schema, is refused before anything is sent.
    ///
    /// ```swift
    /// let reversed = try await handle.execute("reverse", Array("hello".utf8))
    /// ```
    public func execute(_ method: String, _ input: [UInt8] = []) async throws -> [UInt8] {
        guard let external else {
            throw PluginError(.notFound, plugin: name, message: "is internal: it has no methods")
        }
        return try await external.execute(method, input)
    }

    /// Registers a handler for an event the plugin sends (GoPlug's callbacks). Events are delivered in order, one
    /// at a time, on their own connection, so calls to the plugin are never held up by them; a handler that throws
    /// is logged and delivery goes on. Once this returns, an event the plugin sends is delivered.
    ///
    /// ```swift
    /// try await handle.on("progress") { data in print("progress:", String(decoding: data, as: UTF8.self)) }
    /// ```
    public func on(_ event: String, _ handler: @escaping @Sendable ([UInt8]) async throws -> Void) async throws {
        guard let external else {
            throw PluginError(.notFound, plugin: name, message: "is internal: it sends no events")
        }
        try await external.on(event, handler)
    }

    /// The events the host listens for on this plugin.
    public var listenedEvents: [String] { external?.listenedEvents ?? [] }

    /// Stops the plugin's process; the next call starts it again.
    public func stop() async {
        await external?.stop()
    }
}
