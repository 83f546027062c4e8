import Logging
import Plugboard
import UnixSignals

/// The host set-up of every command that starts plugins: SIGINT and SIGTERM are trapped before the first plugin
/// (or `capabilities` probe) is spawned, so a Ctrl-C or a `kill` at any moment stops the plugins in order
/// (`POST /shutdown`, SIGTERM, SIGKILL, each with a deadline), removes their sockets and the private socket
/// directory, and only then ends the command, with 128 + the signal's number as its exit status.
enum SignalledHost {
    /// The signal that interrupted a command.
    struct Interrupted: Error {
        let signal: UnixSignal
        /// The exit status a shell reports for it.
        var status: Int32 { 128 + signal.rawValue }
    }

    /// Runs `body` with a running manager, then shuts the manager down. On SIGINT or SIGTERM, `body` is cancelled,
    /// `interrupted` runs, the manager shuts down, and this throws ``Interrupted``.
    static func withManager<Result: Sendable>(
        verbose: Bool,
        interrupted: @Sendable (UnixSignal) -> Void = { _ in },
        _ body: @escaping @Sendable (PluginManager) async throws -> Result
    ) async throws -> Result {
        let signals = await UnixSignalsSequence(trapping: .sigint, .sigterm)
        let manager = PluginManager(configuration: .cli, logger: .cli(verbose: verbose))
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await manager.run() }
            let outcome = await race({ try await body(manager) }, with: signals)
            if case .failure(let interruption as Interrupted) = outcome { interrupted(interruption.signal) }
            // Here, not in the cancelled task that ran `body`: the shutdown's deadlines must hold.
            await manager.shutdown()
            try await group.waitForAll()
            return try outcome.get()
        }
    }

    /// Runs `body`, which starts managers of its own (``PluginManager/withManager(configuration:logger:_:)``), with
    /// the signals trapped: one cancels `body`, which stops its plugins as it ends, and this throws ``Interrupted``.
    static func run<Result: Sendable>(_ body: @escaping @Sendable () async throws -> Result) async throws -> Result {
        let signals = await UnixSignalsSequence(trapping: .sigint, .sigterm)
        return try await race(body, with: signals).get()
    }

    /// Runs `body` until it ends or a signal comes; a signal cancels it, and this returns once it has ended.
    private static func race<Result: Sendable>(
        _ body: @escaping @Sendable () async throws -> Result,
        with signals: UnixSignalsSequence
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
