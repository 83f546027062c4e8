import ArgumentParser
import NIOCore
import NIOPosix
import Plugboard

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
            MethodsCommand.self, ExecuteCommand.self, ValidateCommand.self, BenchCommand.self, FloorEchoCommand.self,
        ]
    )

    /// Parses and runs, mapping usage errors to exit status 2 (ArgumentParser's default is 64).
    static func main() async {
        // One event loop thread that is also Swift concurrency's executor: host calls need no thread hop.
        NIOSingletons.groupLoopCountSuggestion = 1
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        do {
            var command = try parseAsRoot()
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch let exit as ExitCode {
            Glibc.exit(exit.rawValue)
        } catch let interrupted as SignalledHost.Interrupted {
            Output.error("interrupted by \(interrupted.signal); its plugins were stopped")
            Glibc.exit(interrupted.status)
        } catch let failure as CommandFailure {
            Output.error(failure.message)
            Glibc.exit(failure.status)
        } catch let error as PluginError {
            Output.error(error.description)
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
