import ArgumentParser
import Plugboard
import PlugboardProtocol

/// `plugboard run DIR`: start every plugin and watch them until Ctrl-C.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Start every plugin in DIR and show a live status line per plugin until Ctrl-C.",
        discussion: "On a terminal the table redraws in place every second; otherwise a line is printed whenever a plugin's state changes."
    )

    @Argument(help: "The plugin directory.")
    var directory: String

    @Option(name: .customLong("idle-timeout"), help: "Seconds after which idle plugins stop (they start again on the next call).")
    var idleTimeout: Double?

    @Option(help: "Seconds between health checks.")
    var interval: Double = 1

    @OptionGroup var host: HostOptions

    func run() async throws {
        var options = try host.registrationOptions(lazy: false)
        options.idleTimeout = idleTimeout.map { .seconds($0) }
        let (directory, configured) = (directory, options)
        do {
            // Signals are trapped before the first plugin starts: one at any moment stops them all in order.
            try await SignalledHost.withManager(verbose: host.verbose, interrupted: { _ in Output.line("stopping the plugins…") }) { manager in
                let report: RegistrationReport
                do {
                    report = try await manager.registerPlugins(in: directory, options: configured)
                } catch let error as FileError {
                    throw CommandFailure(message: "cannot read plugin directory \(error)")
                }
                for failure in report.failures { Output.line("skipped: \(failure)") }
                for plugin in report.registered {
                    if let sandbox = plugin.status.sandbox { Output.line("\(plugin.name): sandboxed: \(sandbox)") }
                }
                await watch(manager)
            }
        } catch is SignalledHost.Interrupted {
            Output.line("stopped; nothing left running")
        }
    }

    /// Health-checks every plugin each interval and shows the table.
    private func watch(_ manager: PluginManager) async {
        var lastShown: [String: String] = [:]
        var drawnLines = 0
        while !Task.isCancelled {
            var rows: [[String]] = []
            for plugin in await manager.plugins() {
                var health = "-"
                if plugin.kind == .internal {
                    health = "ok"
                } else if plugin.status.state == .ready, let handle = try? await manager.handle(named: plugin.name) {
                    health = (try? await handle.ping()).map { "ok \(Self.format($0))" } ?? "failing"
                }
                let status = plugin.kind == .internal ? PluginStatus(state: .ready) : ((try? await manager.handle(named: plugin.name))?.status ?? plugin.status)
                rows.append([plugin.name, status.state.rawValue, status.pid.map(String.init) ?? "-",
                             Self.transport(status.location), health, String(status.restarts), status.lastError ?? ""])
            }
            if Output.isTerminal {
                let table = Output.table(["PLUGIN", "STATE", "PID", "TRANSPORT", "HEALTH", "RESTARTS", "LAST ERROR"], rows)
                Output.write(1, (drawnLines > 0 ? "\u{1B}[\(drawnLines)A\u{1B}[J" : "") + table + "\n")
                drawnLines = rows.count + 1
            } else {
                for row in rows {
                    let summary = "\(row[1]) pid=\(row[2]) transport=\(row[3]) restarts=\(row[5])"
                    if lastShown[row[0]] != summary {
                        Output.line("\(row[0]): \(summary)" + (row[6].isEmpty ? "" : " error=\(row[6])"))
                        lastShown[row[0]] = summary
                    }
                }
            }
            try? await Task.sleep(for: .seconds(interval))
        }
    }

    static func transport(_ location: String?) -> String {
        guard let location else { return "-" }
        return location.hasPrefix("http+unix") ? "unix" : "tcp"
    }

    static func format(_ duration: Duration) -> String {
        let micros = Double(duration.components.attoseconds) / 1e12 + Double(duration.components.seconds) * 1e6
        return micros < 1000 ? "\(Int(micros))µs" : "\(Int(micros / 1000))ms"
    }
}
