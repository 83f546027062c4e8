import ArgumentParser
import Plugboard
import PlugboardProtocol

/// Options shared by the commands that start plugins.
struct HostOptions: ParsableArguments {
    @Option(help: "The transport plugins listen on: unix, tcp or auto.")
    var transport: TransportPreference = .automatic

    @Option(name: .customLong("config-data"), help: ArgumentHelp("Config for plugins that accept TYPE, as TYPE=JSON (repeatable).", valueName: "TYPE=JSON"))
    var configData: [String] = []

    @Option(help: "Seconds a call (and a plugin start) may take.")
    var timeout: Double = 30

    @Flag(help: "Show the plugins' and the host's logs on stderr.")
    var verbose = false

    @OptionGroup var sandbox: SandboxOptions

    @OptionGroup var tls: TLSOptions

    /// The registration options these flags describe.
    func registrationOptions(lazy: Bool) throws -> RegistrationOptions {
        var items: [ConfigData] = []
        for item in configData {
            guard let equals = item.firstIndex(of: "="), equals != item.startIndex else {
                throw ValidationError("--config-data takes TYPE=JSON, got \"\(item)\"")
            }
            let json = Array(item[item.index(after: equals)...].utf8)
            items.append(ConfigData(type: String(item[..<equals]), data: json))
        }
        var options = RegistrationOptions(
            configData: items,
            transport: transport,
            lazy: lazy,
            startupTimeout: .seconds(min(timeout, 30)),
            callTimeout: .seconds(timeout)
        )
        options.sandbox = try sandbox.policy()
        options.tls = tls.tls
        return options
    }
}
