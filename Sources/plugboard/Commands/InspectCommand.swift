import ArgumentParser
import Plugboard
import PlugboardProtocol

/// `plugboard inspect PLUGIN`: one plugin's capabilities in full.
struct InspectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show one plugin's capabilities in full: contracts, config types, methods and events, schemas included.",
        discussion: """
            PLUGIN is an executable (asked with `PLUGIN capabilities`), an attached plugin's manifest (NAME.pconf) or \
            its URL (http://HOST:PORT, https://HOST:PORT with --tls-ca, http+unix:///PATH.sock); an attached plugin is asked with \
            GET /plugboard/v2/capabilities, and shown with its URL and whether it answers. Exit 1 when the plugin \
            cannot be asked.
            """
    )

    @Argument(help: "The plugin executable, a .pconf manifest, or an attached plugin's URL.")
    var plugin: String

    @Flag(help: "Print the capabilities as JSON (schemas inline).")
    var json = false

    @Option(help: "Seconds the plugin may take to answer.")
    var timeout: Double = 5

    @OptionGroup var tls: TLSOptions

    func run() async throws {
        let inspected: InspectedPlugin
        if AttachedProbe.isAttached(plugin) {
            guard let probe = await AttachedProbe.probe([plugin], timeout: .seconds(timeout), tls: tls.tls).first else {
                throw CommandFailure(message: "\(plugin): cannot attach")
            }
            guard let capabilities = probe.capabilities else {
                throw CommandFailure(message: probe.error?.cliLine ?? "\(plugin): not reachable")
            }
            inspected = InspectedPlugin(name: probe.name, path: probe.manifest, url: probe.url, reachable: true, capabilities: capabilities)
        } else {
            let result = await Discovery.probe(file: plugin, timeout: .seconds(timeout))
            guard let capabilities = result.capabilities else {
                throw CommandFailure(message: result.error?.cliLine ?? "plugin \(plugin): unknown error")
            }
            inspected = InspectedPlugin(name: capabilities.name ?? result.name, path: result.path, capabilities: capabilities)
        }
        if json {
            try Output.json(inspected)
        } else {
            for line in inspected.lines { Output.line(line) }
        }
    }
}
