import Logging
import Plugboard
import UnixSignals

/// The host set-up of every command that starts plugins: SIGINT and SIGTERM are blocked before any thread starts
/// and trapped before the first plugin (or `capabilities` probe) is spawned, so a Ctrl-C or a `kill` at any moment
/// stops the plugins in order (`POST /shutdown`, SIGTERM, SIGKILL, each with a deadline), removes their sockets and
/// the private socket directory, and only then ends the command, with 128 + the signal's number as its exit status.
///
/// Commands that start plugins conform to ``StartsPlugins``; `main` runs every other command so that a signal ends
/// it at once.
enum SignalledHost {
    /// Runs `body` with a running manager (the tool's configuration), then shuts the manager down; a signal cancels
    /// `body`, runs `onSignal`, shuts the manager down and throws ``PluginManager/Interrupted``.
    static func withManager<Result: Sendable>(
        trapping signals: UnixSignalsSequence,
        verbose: Bool,
        onSignal: @Sendable (UnixSignal) -> Void = { _ in },
        _ body: @escaping @Sendable (PluginManager) async throws -> Result
    ) async throws -> Result {
        try await PluginManager.withManager(configuration: .cli, logger: .cli(verbose: verbose), stoppingOn: signals, onSignal: onSignal, body)
    }

    /// Runs `body`, which starts managers of its own (``PluginManager/withManager(configuration:logger:_:)``): a
    /// signal cancels it, which stops its plugins as it ends, and this throws ``PluginManager/Interrupted``.
    static func run<Result: Sendable>(trapping signals: UnixSignalsSequence, _ body: @escaping @Sendable () async throws -> Result) async throws -> Result {
        try await PluginManager.firstOf(body, or: signals).get()
    }

    /// Traps SIGINT and SIGTERM (`main` does it once, before running any command).
    static func trap() async -> UnixSignalsSequence {
        await UnixSignalsSequence(trapping: .sigint, .sigterm)
    }
}
