import ArgumentParser
import Plugboard
import PlugboardProtocol

/// `plugboard check-host PLUGIN` (hidden): the host `plugboard check` kills to see the plugin's parent watch work.
/// Starts the plugin, prints `ready PID LOCATION` and waits to be killed.
struct CheckHostCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check-host", shouldDisplay: false)

    @Argument var plugin: String

    @Option var transport: TransportKind = .unix

    @Option var timeout: Double = 10

    func run() async throws {
        let options = RegistrationOptions(transport: transport == .unix ? .unix : .tcp, lazy: true, startupTimeout: .seconds(timeout))
        try await PluginManager.withManager(configuration: .cli, logger: .cli(verbose: false)) { manager in
            let report = try await manager.registerPlugin(at: plugin, options: options)
            guard let registered = report.registered.first else {
                throw report.failures.first ?? PluginError(.notFound, plugin: plugin, message: "not registered")
            }
            let handle = try await manager.handle(named: registered.name)
            try await handle.start()
            Output.line("ready \(handle.status.pid.map(String.init) ?? "0") \(handle.status.location ?? "-")")
            // Killed here by `plugboard check` (SIGKILL: nothing of this host runs on).
            while true { try await Task.sleep(for: .seconds(3600)) }
        }
    }
}
