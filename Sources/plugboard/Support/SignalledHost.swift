import ArgumentParser
import Logging
import Plugboard
import UnixSignals

#if canImport(Glibc)
import Glibc
#endif

/// The host set-up of every command that starts plugins: SIGINT and SIGTERM are trapped before the first plugin
/// (or `capabilities` probe) is spawned, so a Ctrl-C or a `kill` at any moment stops the plugins in order
/// (`POST /shutdown`, SIGTERM, SIGKILL, each with a deadline), removes their sockets and the private socket
/// directory, and only then ends the command, with 128 + the signal's number as its exit status.
///
/// Commands that start plugins conform to ``StartsPlugins``; `main` runs every other command so that a signal ends
/// it at once.
enum SignalledHost {
    /// The signal that interrupted a command.
    struct Interrupted: Error {
        let signal: UnixSignal
        /// The exit status a shell reports for it.
        var status: Int32 { 128 + signal.rawValue }
    }

    /// Blocks SIGINT and SIGTERM in the calling thread: call it first in `main`, before any other thread starts.
    static func blockSignals() {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    /// Runs `body` with a running manager, then shuts the manager down. On SIGINT or SIGTERM, `body` is cancelled,
    /// `interrupted` runs, the manager shuts down, and this throws ``Interrupted``.
    static func withManager<Result: Sendable>(
        trapping signals: UnixSignalsSequence,
        verbose: Bool,
        interrupted: @Sendable (UnixSignal) -> Void = { _ in },
        _ body: @escaping @Sendable (PluginManager) async throws -> Result
    ) async throws -> Result {
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
    static func run<Result: Sendable>(trapping signals: UnixSignalsSequence, _ body: @escaping @Sendable () async throws -> Result) async throws -> Result {
        try await race(body, with: signals).get()
    }

    /// Traps SIGINT and SIGTERM (`main` does it once, before running any command).
    static func trap() async -> UnixSignalsSequence {
        await UnixSignalsSequence(trapping: .sigint, .sigterm)
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

/// A command that starts plugins and handles SIGINT and SIGTERM through ``SignalledHost``.
protocol StartsPlugins: AsyncParsableCommand {
    /// Runs the command with the process's trapped signals.
    func run(trapping signals: UnixSignalsSequence) async throws
}

extension StartsPlugins {
    func run() async throws {
        try await run(trapping: await SignalledHost.trap())
    }
}
