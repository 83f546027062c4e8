import Logging
import PlugboardProtocol

/// An external plugin: what it serves, what it accepts, and how it runs.
///
/// Build one, then hand control to it with ``run(arguments:)`` (or adopt ``PluginMain``). The plugin then answers
/// `capabilities`, starts on `--config '<json>'`, listens, prints its location, serves until it is told to stop
/// (`POST /shutdown`, SIGTERM, SIGINT, its idle timeout, or its host's death), and cleans up after itself.
///
/// ```swift
/// var plugin = Plugin(name: "simple-processor")
/// plugin.serve(DataProcessorContract.self, type: "uppercase", Uppercase())
/// plugin.handle(.post, "/echo") { (body: [UInt8], _) in body }
/// exit(await plugin.run())
/// ```
public struct Plugin: Sendable {
    /// The plugin's name; reported in capabilities and used in log labels.
    public var name: String
    /// An optional namespace (v2).
    public var namespace: String?
    /// Ask the host to start this plugin only on first use (v2).
    public var lazy: Bool
    /// Server limits and behaviour.
    public var configuration: PluginServerConfiguration

    var types: [String: [TypeInfo]] = [:]
    /// Contract name to its endpoints with their derived schemas, worked out only when the capabilities are asked for.
    var endpoints: [String: @Sendable () throws -> [EndpointInfo]] = [:]
    var configTypes: [ConfigTypeInfo] = []
    var mounts: [@Sendable (PluginContext) throws -> [Route]] = []
    var methods: [MethodInfo] = []
    var methodHandlers: [String: @Sendable ([UInt8], PluginContext) async throws -> [UInt8]] = [:]
    var events: [String] = []
    var activate: (@Sendable (PluginContext) async throws -> Void)?
    var deactivate: (@Sendable (PluginContext) async -> Void)?
    /// Serve on `MultiThreadedEventLoopGroup.singleton` (installed as the concurrency executor by ``PluginMain``).
    var sharedEventLoopGroup = false
    /// Set by ``PluginMain``, whose main thread traps the stop signals and watches stdin for the parent watch;
    /// nil: the plugin does both on its event loop while it serves.
    var mainThread: MainThreadWatch?

    /// Creates an empty plugin.
    public init(
        name: String,
        namespace: String? = nil,
        lazy: Bool = false,
        configuration: PluginServerConfiguration = .init()
    ) {
        self.name = name
        self.namespace = namespace
        self.lazy = lazy
        self.configuration = configuration
    }

    /// The capabilities document this plugin prints for `PLUGIN capabilities`.
    ///
    /// Each served contract's endpoints are listed under `endpoints` with the JSON Schemas derived from their types,
    /// and a type declared without a schema gets the request schema of the contract's first endpoint that takes one.
    ///
    /// - Throws: `WireSchemaError` when a contract's body type has no derivable schema.
    public var capabilities: Capabilities {
        get throws {
            var types = self.types
            var endpoints: [String: [EndpointInfo]] = [:]
            for (contract, describe) in self.endpoints {
                let described = try describe()
                guard !described.isEmpty else { continue }
                endpoints[contract] = described
                guard let first = described.lazy.compactMap(\.requestSchema).first else { continue }
                for index in types[contract, default: []].indices where types[contract]![index].jsonSchema == nil {
                    types[contract]![index].jsonSchema = first
                }
            }
            return capabilities(types: types, endpoints: endpoints)
        }
    }

    private func capabilities(types: [String: [TypeInfo]], endpoints: [String: [EndpointInfo]]) -> Capabilities {
        Capabilities(
            types: types,
            endpoints: endpoints,
            configTypes: configTypes,
            protocol: .current,
            name: name,
            namespace: namespace,
            lazy: lazy ? true : nil,
            methods: methods,
            events: events
        )
    }
}
