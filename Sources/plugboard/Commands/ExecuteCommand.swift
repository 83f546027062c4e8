import ArgumentParser
import Plugboard
import UnixSignals

#if canImport(Glibc)
import Glibc
#endif

/// `plugboard execute DIR NAME METHOD`: calls a named method; raw bytes on stdout (GoPlug's `Execute`).
struct ExecuteCommand: AsyncParsableCommand, StartsPlugins {
    static let configuration = CommandConfiguration(
        commandName: "execute",
        abstract: "Call the method METHOD of the plugin NAME in DIR and write its output bytes to stdout.",
        discussion: """
            The input is --data, --data-file (or '-' for stdin), or nothing. The output is written as it is, with no \
            newline added. Exit 1 with the plugin's message when the method fails.

            Example: printf hello | plugboard execute ./plugins examples/text-tools reverse --data-file -
            """
    )

    @Argument(help: "The plugin directory (executables and *.pconf manifests).")
    var directory: String

    @Argument(help: "The plugin's name, or namespace/name.")
    var name: String

    @Argument(help: "The method's name.")
    var method: String

    @OptionGroup var input: BodyOptions

    @OptionGroup var host: HostOptions

    func run(trapping signals: UnixSignalsSequence) async throws {
        let bytes = try input.read()
        let options = try host.registrationOptions(lazy: true)
        let (directory, name, method) = (directory, name, method)
        let output = try await SignalledHost.withManager(trapping: signals, verbose: host.verbose) { manager in
            let report = try await manager.registerPlugins(in: directory, options: options)
            return try await report.explainingSkipped { try await manager.handle(named: PluginName.normalised(name)) }.execute(method, bytes)
        }
        output.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(1, bytes.baseAddress! + offset, bytes.count - offset)
                guard written > 0 else { return }
                offset += written
            }
        }
    }
}
