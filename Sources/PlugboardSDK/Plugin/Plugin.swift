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
    var configTypes: [ConfigTypeInfo] = []
    var mounts: [@Sendable (PluginContext) throws -> [Route]] = []
    var methods: [MethodInfo] = []
    var methodHandlers: [String: @Sendable ([UInt8], PluginContext) async throws -> [UInt8]] = [:]
    var events: [String] = []
    var activate: (@Sendable (PluginContext) async throws -> Void)?
    var deactivate: (@Sendable (PluginContext) async -> Void)?
    /// Serve on `MultiThreadedEventLoopGroup.singleton` (installed as the concurrency executor by ``PluginMain``).
    var sharedEventLoopGroup = false
    /// Set by ``PluginMain``, which traps the stop signals itself and forwards them here from its main thread;
    /// nil: the plugin traps them on its event loop while it serves.
    var signalStop: StopTrigger?

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
    public var capabilities: Capabilities {
        Capabilities(
            types: types,
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
