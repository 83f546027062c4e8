import ArgumentParser
import Plugboard
import UnixSignals
import PlugboardProtocol

#if canImport(Glibc)
import Glibc
#endif

/// `plugboard methods DIR NAME`: a plugin's named methods (GoPlug's `GetMethods`).
struct MethodsCommand: AsyncParsableCommand, StartsPlugins {
    static let configuration = CommandConfiguration(
        commandName: "methods",
        abstract: "List the named methods of the plugin NAME (or namespace/NAME) in DIR.",
        discussion: "Example: plugboard methods ./plugins examples/text-tools"
    )

    @Argument(help: "The plugin directory (executables and *.pconf manifests).")
    var directory: String

    @Argument(help: "The plugin's name, or namespace/name.")
    var name: String

    @Flag(help: "Print the methods as JSON, schemas included.")
    var json = false

    @OptionGroup var host: HostOptions

    func run(trapping signals: UnixSignalsSequence) async throws {
        let options = try host.registrationOptions(lazy: true)
        let (directory, name) = (directory, name)
        let methods = try await SignalledHost.withManager(trapping: signals, verbose: host.verbose) { manager in
            let report = try await manager.registerPlugins(in: directory, options: options)
            return try await report.explainingSkipped { try await manager.handle(named: PluginName.normalised(name)) }.methods()
        }
        if json {
            try Output.json(MethodsResponse(methods: methods))
        } else if methods.isEmpty {
            Output.line("\(name) has no methods")
        } else {
            Output.line(Output.table(["METHOD", "INPUT", "DESCRIPTION"], methods.map { [$0.name, $0.inputSchema == nil ? "bytes" : "JSON (schema)", $0.description ?? ""] }))
        }
    }
}

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

extension PluginName {
    /// `name` or `namespace/name`, validated, in the registry's form; the text as given when it does not parse
    /// (the lookup then says it is not registered).
    static func normalised(_ text: String) -> String {
        (try? PluginName(parsing: text).description) ?? text
    }
}
