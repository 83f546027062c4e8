import ArgumentParser
import UnixSignals

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
