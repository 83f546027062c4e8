import ArgumentParser
import Plugboard
import PlugboardProtocol
import UnixSignals

/// `plugboard run DIR`: start every plugin and watch them until Ctrl-C.
struct RunCommand: AsyncParsableCommand, StartsPlugins {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Start every plugin in DIR and show a live status line per plugin until Ctrl-C.",
        discussion: """
            On a terminal the table redraws in place; otherwise a line is printed whenever a plugin's state changes \
            (started, ready, idle-stopped, crashed, restarted) and when a plugin is dropped or added (an attached plugin \
            that stopped answering, a manifest that appeared). The states are the supervisor's. GET /healthz probes \
            run every --interval seconds, except with --idle-timeout: a probe is a request, and a plugin counts it as \
            activity, so probing would keep every plugin from ever going idle.
            """
    )

    @Argument(help: "The plugin directory.")
    var directory: String

    @Option(name: .customLong("idle-timeout"), help: "Seconds after which idle plugins stop (they start again on the next call).")
    var idleTimeout: Double?

    @Option(help: "Seconds between health checks.")
    var interval: Double = 1

    @OptionGroup var host: HostOptions

    func run(trapping signals: UnixSignalsSequence) async throws {
        var options = try host.registrationOptions(lazy: false)
        options.idleTimeout = idleTimeout.map { .seconds($0) }
        let (directory, configured) = (directory, options)
        do {
            // Signals are trapped before the first plugin starts: one at any moment stops them all in order.
            try await SignalledHost.withManager(trapping: signals, verbose: host.verbose, onSignal: { _ in Output.line("stopping the plugins…") }) { manager in
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
        } catch is PluginManager.Interrupted {
            Output.line("stopped; nothing left running")
        }
    }

    /// Shows every plugin's state as the supervisor reports it, checking it often (no request is sent for that),
    /// and its health every interval (a `/healthz` request, only without an idle timeout).
    private func watch(_ manager: PluginManager) async {
        var lastShown: [String: String] = [:]
        var health: [String: String] = [:]
        var drawnLines = 0
        var lastTable = ""
        var nextProbe = ContinuousClock.now
        let tick = Duration.seconds(min(interval, 0.1))
        while !Task.isCancelled {
            let plugins = await manager.plugins()
            if idleTimeout == nil, ContinuousClock.now >= nextProbe {
                nextProbe = ContinuousClock.now + .seconds(interval)
                for plugin in plugins {
                    health[plugin.name] = await Self.probe(plugin, in: manager)
                }
            }
            var rows: [[String]] = []
            for plugin in plugins {
                let status = plugin.kind == .internal ? PluginStatus(state: .ready) : ((try? await manager.handle(named: plugin.name))?.status ?? plugin.status)
                let shownHealth = idleTimeout == nil ? health[plugin.name] ?? "-" : (status.state == .ready ? "not probed" : "-")
                rows.append([plugin.name, status.state.rawValue, status.pid.map(String.init) ?? "-",
                             Self.transport(status.location), shownHealth, String(status.restarts), status.lastError ?? ""])
            }
            if Output.isTerminal {
                let table = Output.table(["PLUGIN", "STATE", "PID", "TRANSPORT", "HEALTH", "RESTARTS", "LAST ERROR"], rows)
                guard table != lastTable else {
                    try? await Task.sleep(for: tick)
                    continue
                }
                lastTable = table
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
                for name in lastShown.keys.sorted() where !plugins.contains(where: { $0.name == name }) {
                    Output.line("\(name): dropped (no longer registered)")
                    lastShown[name] = nil
                    health[name] = nil
                }
            }
            try? await Task.sleep(for: tick)
        }
    }

    /// One `/healthz` round trip of a ready plugin.
    private static func probe(_ plugin: PluginInfo, in manager: PluginManager) async -> String {
        guard plugin.kind != .internal else { return "ok" }
        guard plugin.status.state == .ready, let handle = try? await manager.handle(named: plugin.name) else { return "-" }
        return (try? await handle.ping()).map { "ok \(format($0))" } ?? "failing"
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
