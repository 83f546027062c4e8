import Logging
import UnixSignals

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension PluginManager {
    /// The signal that stopped ``withManager(configuration:logger:stoppingOn:onSignal:_:)``.
    public struct Interrupted: Error, Sendable, CustomStringConvertible {
        /// The signal.
        public let signal: UnixSignal
        /// The exit status a shell reports for a process it ended: 128 + the signal's number.
        public var exitStatus: Int32 { 128 + signal.rawValue }

        public var description: String { "interrupted by \(signal)" }
    }

    /// Blocks SIGINT and SIGTERM in the calling thread. Call it first in a synchronous `main`, before any other
    /// thread starts (every thread inherits the mask; an `async` main may already run other threads), then trap them
    /// with `UnixSignalsSequence`: a signal that arrives before the trap then waits for it instead of killing the
    /// host, and its plugins with it, by the default action. The launcher unblocks them in every plugin.
    public static func blockShutdownSignals() {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    /// Runs `body` with a running manager, then shuts it down; the first of `signals` (SIGINT or SIGTERM, say)
    /// cancels `body`, runs `onSignal`, shuts the manager down (its plugins stopped in order, each step with its
    /// deadline), and throws ``Interrupted``.
    ///
    /// ```swift
    /// PluginManager.blockShutdownSignals()                        // first thing in main
    /// let signals = await UnixSignalsSequence(trapping: .sigint, .sigterm)
    /// try await PluginManager.withManager(stoppingOn: signals) { manager in
    ///     try await manager.registerPlugins(in: "./plugins")
    ///     // …serve until a signal comes
    /// }
    /// ```
    public static func withManager<Result: Sendable>(
        configuration: Configuration = .init(),
        logger: Logger = Logger(label: "plugboard"),
        stoppingOn signals: UnixSignalsSequence,
        onSignal: @Sendable (UnixSignal) -> Void = { _ in },
        _ body: @escaping @Sendable (PluginManager) async throws -> Result
    ) async throws -> Result {
        let manager = PluginManager(configuration: configuration, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await manager.run() }
            let outcome = await firstOf({ try await body(manager) }, or: signals)
            if case .failure(let interruption as Interrupted) = outcome { onSignal(interruption.signal) }
            // Here, not in the cancelled task that ran `body`: the shutdown's deadlines must hold.
            await manager.shutdown()
            try await group.waitForAll()
            return try outcome.get()
        }
    }

    /// Runs `body` until it ends or one of `signals` comes; a signal cancels it (and this returns once it has
    /// ended) with ``Interrupted``.
    public static func firstOf<Result: Sendable>(
        _ body: @escaping @Sendable () async throws -> Result,
        or signals: UnixSignalsSequence
    ) async -> Swift.Result<Result, any Error> {
        await withTaskGroup(of: Swift.Result<Result, any Error>?.self) { group in
            group.addTask {
                do { return .success(try await body()) } catch { return .failure(error) }
            }
            group.addTask {
                for await signal in signals { return .failure(Interrupted(signal: signal)) }
                return nil
            }
            var outcome: Swift.Result<Result, any Error>?
            while outcome == nil, let next = await group.next() { outcome = next }
            group.cancelAll()
            return outcome ?? .failure(CancellationError())
        }
    }
}
