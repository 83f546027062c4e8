import Logging
import NIOCore
import NIOPosix
import CoreMetrics
import PlugboardProtocol
import ServiceLifecycle
import Tracing

/// The host's entry point: discovers, registers, starts, supervises and stops plugins, and hands out typed
/// contract APIs that work the same for internal, external and attached plugins.
///
/// Every plugin process the manager starts is a child task of ``run()``; ``withManager(configuration:logger:isolation:_:)``
/// runs it around your code and shuts everything down when your code returns or throws.
///
/// ```swift
/// try await PluginManager.withManager { manager in
///     let report = try await manager.registerPlugins(in: "./plugins", options: .init(idleTimeout: .seconds(300)))
///     for failure in report.failures { print("skipped:", failure) }
///     let processor = try await manager.plugin(DataProcessorContract.self)
///     let output = try await processor.process(ProcessRequest(data: "hello"))
///     print(output.data.string)   // HELLO
/// }
/// ```
public actor PluginManager {
    /// Host-wide settings.
    public struct Configuration: Sendable {
        /// Where connections to plugins run.
        public enum EventLoops: Sendable {
            /// SwiftNIO's shared `MultiThreadedEventLoopGroup.singleton` (the default, as in Hummingbird): no threads
            /// of the manager's own. With `NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()`
            /// at the start of `main`, calls run on the thread that does the I/O, with no hop per call
            /// (docs/PERFORMANCE.md).
            case singleton
            /// A group of this many threads, made for (and shut down with) the manager.
            case dedicated(threads: Int)
            /// A group the application owns (and shuts down).
            case shared(any EventLoopGroup)
        }

        /// Where connections to plugins run.
        public var eventLoops: EventLoops
        /// The prefix of the private (0700) directory that holds plugin sockets, made under `$TMPDIR` or `/tmp`. A
        /// directory with this prefix that a dead host left behind (`kill -9`) is removed when the next one is made.
        public var socketDirectoryPrefix: String
        /// The `plugboard-launcher` executable every plugin process is started through (it ends the plugin when the
        /// host dies). Nil looks for it in `PLUGBOARD_LAUNCHER`, then beside the host's executable; an application
        /// that embeds the library ships it there (`swift build --product plugboard-launcher`). Without one, a
        /// plugin start fails with ``PluginError/Code/spawnFailed`` saying where it looked.
        public var launcherPath: String?
        /// Where the manager reports its metrics (docs/OBSERVABILITY.md); nil: swift-metrics' global
        /// `MetricsSystem.factory`, as bootstrapped when the manager is made.
        public var metricsFactory: (any MetricsFactory)?
        /// The tracer of the manager's call spans (docs/OBSERVABILITY.md); nil: swift-distributed-tracing's global
        /// `InstrumentationSystem.tracer`, as bootstrapped when the manager is made.
        public var tracer: (any Tracer)?

        /// Creates a configuration.
        public init(
            eventLoops: EventLoops = .singleton,
            socketDirectoryPrefix: String = "pb-",
            launcherPath: String? = nil,
            metricsFactory: (any MetricsFactory)? = nil,
            tracer: (any Tracer)? = nil
        ) {
            self.eventLoops = eventLoops
            self.socketDirectoryPrefix = socketDirectoryPrefix
            self.launcherPath = launcherPath
            self.metricsFactory = metricsFactory
            self.tracer = tracer
        }
    }

    typealias Entry = Registry<ExternalPlugin>.Entry
    typealias Ticket = Registry<ExternalPlugin>.Ticket

    let configuration: Configuration
    let logger: Logger
    let context: HostContext
    private let group: any EventLoopGroup
    private let ownsGroup: Bool
    /// Every plugin, and every name an operation in flight holds. Changed only by its synchronous methods, each of
    /// which re-checks what it relies on: nothing checked before an `await` is trusted after it.
    var registry = Registry<ExternalPlugin>()
    /// Set by the first ``shutdown()``, fired when it is done: a second call waits for it.
    private var shutdownDone: OneShot<Void>?
    /// Public operations in progress: ``shutdown()`` lets them end before it shuts the event loops down.
    var activities = Activities()
    private var socketDirectory: PrivateDirectory??
    /// Fired by ``shutdown()``: ends directory watchers and attached-plugin monitors.
    let stopping = OneShot<Void>()
    /// Directories being watched.
    var watched: Set<String> = []
    /// What plugin files answered for `capabilities`, reused while a file is unchanged.
    public nonisolated let capabilitiesCache = CapabilitiesCache()

    /// Creates a manager. Call ``run()`` (or use ``withManager(configuration:logger:isolation:_:)``) before starting plugins.
    public init(configuration: Configuration = .init(), logger: Logger = Logger(label: "plugboard")) {
        self.configuration = configuration
        self.logger = logger
        switch configuration.eventLoops {
        case .singleton:
            self.group = MultiThreadedEventLoopGroup.singleton
            self.ownsGroup = false
        case .dedicated(let threads):
            self.group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, threads))
            self.ownsGroup = true
        case .shared(let group):
            self.group = group
            self.ownsGroup = false
        }
        self.context = HostContext(
            group: group, runner: TaskRunner(), logger: logger, socketDirectory: nil,
            launcher: Launcher.locate(explicit: configuration.launcherPath),
            observability: HostObservability(metrics: configuration.metricsFactory, tracer: configuration.tracer)
        )
    }

    /// Runs the plugin processes this manager starts until the manager is shut down: by ``shutdown()``, or, inside
    /// a swift-service-lifecycle `ServiceGroup`, by the group's graceful shutdown (or the task's cancellation),
    /// which stops every plugin (``shutdown()``) before this returns. The manager is a `Service`:
    ///
    /// ```swift
    /// let group = ServiceGroup(services: [manager, application], gracefulShutdownSignals: [.sigterm], logger: logger)
    /// try await group.run()
    /// ```
    ///
    /// A cancelled `run()` stops the plugins as a graceful shutdown does, each step with its deadline
    /// (``RegistrationOptions/shutdownTimeout``), and returns when they have stopped: neither the processes' jobs nor
    /// the stop inherit the cancellation, or every deadline would pass at once and every plugin be killed unasked.
    public nonisolated func run() async {
        let requested = OneShot<Void>()
        // Both tasks are awaited below, whatever happens: they only escape this call's cancellation.
        let runner = Task { await self.context.runner.run() }
        let stopper = Task {
            // Ends by cancellation once the runner has finished without being asked (``shutdown()`` was called).
            guard (try? await requested.wait()) != nil else { return }
            await self.shutdown()
        }
        await withTaskCancellationOrGracefulShutdownHandler {
            await runner.value
        } onCancelOrGracefulShutdown: {
            requested.succeed(())
        }
        // The runner finished: asked by the stop above (let it end), or by a ``shutdown()`` called directly.
        if requested.result == nil { stopper.cancel() }
        await stopper.value
    }

    /// Runs `body` with a running manager, then shuts it down (also when `body` throws).
    public static func withManager<Result: Sendable>(
        configuration: Configuration = .init(),
        logger: Logger = Logger(label: "plugboard"),
        isolation: isolated (any Actor)? = #isolation,
        _ body: (PluginManager) async throws -> Result
    ) async throws -> Result {
        let manager = PluginManager(configuration: configuration, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await manager.run() }
            do {
                let result = try await body(manager)
                await manager.shutdown()
                try await group.waitForAll()
                return result
            } catch {
                await manager.shutdown()
                try? await group.waitForAll()
                throw error
            }
        }
    }

    /// The private socket directory, made on first use; nil when it cannot be made.
    func privateSocketDirectory() -> String? {
        if let socketDirectory { return socketDirectory?.path }
        let made = PrivateDirectory.make(prefix: configuration.socketDirectoryPrefix)
        if made == nil { logger.warning("cannot make a private socket directory; plugins that need one use TCP") }
        socketDirectory = .some(made)
        return made?.path
    }

    /// Stops every plugin (`POST /shutdown`, SIGTERM, SIGKILL, each with a deadline), reaps them, removes their
    /// sockets, lock files and the socket directory, and lets ``run()`` return. Safe to call more than once, also
    /// concurrently: every call returns once the first has finished.
    ///
    /// From the moment it begins, every registration, attach, load, unload and reload fails with ``PluginError``
    /// code `shutDown` and nothing new is registered; one still in flight stops what it made, and this waits (for a
    /// bounded time) for those to end.
    ///
    /// A cancelled caller gets the same complete stop: it runs in a task of its own, which this waits for (every
    /// step has its deadline), because a stop that inherited the cancellation would pass every deadline at once.
    public func shutdown() async {
        await Task { await self.stopEverything() }.value
    }

    /// ``shutdown()``'s work, on a task that is not cancelled.
    private func stopEverything() async {
        if let shutdownDone {
            _ = try? await shutdownDone.wait()
            return
        }
        let done = OneShot<Void>()
        shutdownDone = done
        let (plugins, inFlight) = registry.close()
        stopping.succeed(())
        await withTaskGroup(of: Void.self) { group in
            for plugin in plugins { group.addTask { await plugin.shutdown() } }
        }
        // An operation in flight notices the closed registry (or its stopped plugin) at its next step, stops what it
        // made and fails; a probe or connection attempt may take its own deadline first.
        let idle = activities.whenIdle()
        do {
            try await withDeadline(.seconds(30)) {
                for signal in inFlight + [idle] { try await signal.wait() }
            }
        } catch {
            logger.warning("operations still in flight 30 s into shutdown; shutting down without them")
        }
        context.runner.finish()
        // Jobs still running (a watcher's rescan, an event delivery) may use the event loops: let them end first.
        if context.runner.hasStarted {
            do {
                try await withDeadline(.seconds(30)) { try await self.context.runner.finished.wait() }
            } catch {
                logger.warning("plugin jobs still running 30 s into shutdown; shutting down without them")
            }
        }
        if let directory = socketDirectory ?? nil { directory.remove() }
        if ownsGroup { try? await group.shutdownGracefully() }
        done.succeed(())
    }

    /// Whether ``shutdown()`` has begun.
    var isShutDown: Bool { registry.isClosed }

    /// The error of an operation that cannot be done because the manager is shut down.
    func shutDownError(_ plugin: String, path: String?, cannot what: String) -> PluginError {
        Registry<ExternalPlugin>.closed(plugin, path: path, cannot: what)
    }

    /// Every registered plugin, sorted by name.
    public func plugins() -> [PluginInfo] {
        registry.entries.sorted { $0.name < $1.name }.map(info)
    }

    func info(_ entry: Entry) -> PluginInfo {
        PluginInfo(
            name: entry.name,
            kind: entry.kind,
            path: entry.path,
            types: entry.types,
            capabilities: entry.capabilities,
            status: entry.external?.status ?? PluginStatus(state: .ready),
            authenticated: entry.external.map { $0.settings.environment["PLUGBOARD_TOKEN"] != nil || $0.settings.tls?.presentsCertificate == true } ?? true,
            tls: entry.external?.settings.tls != nil
        )
    }
}
