import ArgumentParser
import Plugboard
import PlugboardProtocol

/// `plugboard list DIR`: the plugins in a directory and what each serves.
struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the plugins in a directory (executables and attached plugins' *.pconf manifests) with their contracts, types and config types.",
        discussion: "An attached plugin is asked for its capabilities where its manifest says, and shown as reachable or not. A broken plugin is a row with its error, not a failed command: the exit status is 0 unless DIR cannot be read."
    )

    @Argument(help: "The plugin directory.")
    var directory: String

    @Flag(help: "Print a JSON array instead of a table.")
    var json = false

    @Option(help: "Only plugins whose file name starts with this prefix.")
    var filter: String?

    @Option(help: "Seconds each plugin may take to answer 'capabilities'.")
    var timeout: Double = 5

    @OptionGroup var sandbox: SandboxOptions

    @OptionGroup var tls: TLSOptions

    func run() async throws {
        var accept: (@Sendable (String) -> Bool)?
        if let prefix = filter { accept = { name in name.hasPrefix(prefix) } }
        let plugins: [DiscoveredPlugin]
        let policy = try sandbox.policy()
        do {
            plugins = try await Discovery.probe(
                directory: directory,
                filter: accept,
                timeout: .seconds(timeout),
                sandbox: policy,
                progress: { Output.progress("asking plugins for capabilities", $0, $1) }
            )
        } catch {
            throw CommandFailure(message: "cannot read plugin directory \(error)")
        }
        let attached = await AttachedProbe.probe(Discovery.manifests(in: directory, filter: accept), timeout: .seconds(timeout), tls: tls.tls)
        let listed = plugins.map(ListedPlugin.init) + attached.map(ListedPlugin.init)
        if json {
            try Output.json(listed)
            return
        }
        if listed.isEmpty {
            Output.line("no plugins or manifests in \(directory)")
            return
        }
        // With --sandbox, each plugin's `capabilities` ran sandboxed: the column is what its launcher put in force.
        let header = ["PLUGIN", "CONTRACTS", "CONFIG TYPES", "PROTOCOL", "STATUS"] + (policy.isEnabled ? ["SANDBOX"] : [])
        Output.line(Output.table(header, listed.map { $0.row + (policy.isEnabled ? [$0.sandbox?.description ?? "-"] : []) }))
    }
}
