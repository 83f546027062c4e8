import ArgumentParser
import Plugboard
import UnixSignals
import PlugboardProtocol

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
