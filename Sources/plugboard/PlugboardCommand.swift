import ArgumentParser
import CPlugboardCLI
import NIOCore
import NIOPosix
import Plugboard
import UnixSignals

#if canImport(Glibc)
import Glibc
#endif

/// `plugboard`: see, try, check and run plugins without writing a host.
@main
struct PlugboardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugboard",
        abstract: "Discover, inspect, call, check and run Plugboard plugins (in any language).",
        discussion: """
            Exit status: 0 success; 1 the operation failed (a plugin error, a failed check, an unusable directory); \
            2 a usage error.
            """,
        subcommands: [
            ListCommand.self, InspectCommand.self, CallCommand.self, CheckCommand.self, RunCommand.self, DemoCommand.self,
            MethodsCommand.self, ExecuteCommand.self, PinCommand.self, VerifyCommand.self, EventsCommand.self, ValidateCommand.self, BenchCommand.self, FloorEchoCommand.self,
            CheckHostCommand.self,
        ]
    )

    /// Parses and runs, mapping usage errors to exit status 2 (ArgumentParser's default is 64).
    static func main() async {
        // SIGINT and SIGTERM were blocked before any thread started (CPlugboardCLI's constructor), so that one
        // arriving before the trap below waits for it instead of killing a host that may have started plugins.
        if plugboard_cli_signals_blocked_early() == 0 { PluginManager.blockShutdownSignals() }
        // One event loop thread that is also Swift concurrency's executor: host calls need no thread hop.
        // `PLUGBOARD_GLOBAL_EXECUTOR=default` keeps Swift's own (docs/PERFORMANCE.md measures what the hop costs).
        NIOSingletons.groupLoopCountSuggestion = 1
        if getenv("PLUGBOARD_GLOBAL_EXECUTOR").map({ String(cString: $0) }) != "default" {
            NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        }
        do {
            var command = try parseAsRoot()
            let signals = await UnixSignalsSequence(trapping: .sigint, .sigterm)
            if let command = command as? any StartsPlugins {
                // It handles the signals: one stops its plugins in order, then ends it (SignalledHost).
                try await command.run(trapping: signals)
            } else if var command = command as? any AsyncParsableCommand {
                // A signal ends it at once: it starts no plugin (a `capabilities` probe at most, which the launcher
                // ends with the host).
                let watcher = Task { for await signal in signals { Glibc.exit(128 + signal.rawValue) } }
                defer { watcher.cancel() }
                try await command.run()
            } else {
                try command.run()
            }
        } catch let exit as ExitCode {
            Glibc.exit(exit.rawValue)
        } catch let interrupted as PluginManager.Interrupted {
            Output.error("interrupted by \(interrupted.signal); its plugins were stopped")
            Glibc.exit(interrupted.exitStatus)
        } catch let failure as CommandFailure {
            Output.error(failure.message.oneLine)
            Glibc.exit(failure.status)
        } catch let error as PluginError {
            Output.error(error.cliLine)
            Glibc.exit(1)
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure || code.rawValue == 64 {
                Output.error(fullMessage(for: error))
                Glibc.exit(2)
            }
            self.exit(withError: error)
        }
    }
}

