import Logging
import Plugboard
import PlugboardContracts
import ServiceLifecycle

#if canImport(Glibc)
import Glibc
#endif

/// Writes a line to stdout at once (a pipe would buffer `print`).
func say(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
}

/// The application's own service: registers the plugins, then calls one once a second until the group shuts down.
struct Caller: Service {
    let manager: PluginManager
    let directory: String

    func run() async throws {
        let report = try await manager.registerPlugins(in: directory, options: RegistrationOptions(filter: { $0 == "simple-processor" }))
        for failure in report.failures { say("skipped: \(failure)") }
        let processor = try await manager.plugin(DataProcessorContract.self, type: "uppercase")
        _ = try await processor.process(ProcessRequest(data: "warm-up"))
        let pids = await manager.plugins().compactMap(\.status.pid)
        say("ready pids=\(pids.map(String.init).joined(separator: ","))")
        var count = 0
        while !Task.isShuttingDownGracefully {
            count += 1
            let response = try await processor.process(ProcessRequest(data: Base64Bytes(Array("call \(count)".utf8))))
            say(response.data.string)
            // Ends at once on graceful shutdown (SIGTERM).
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(1)) }
        }
    }
}

/// A host on swift-service-lifecycle: the plugin manager and the application's service in one `ServiceGroup`.
/// SIGTERM (or SIGINT) shuts the group down in reverse order: the caller stops first, then the manager stops every
/// plugin (`POST /shutdown`, SIGTERM, SIGKILL, each with a deadline) and the process exits with nothing left.
///
///     service-host DIR     # DIR holds simple-processor
@main
struct ServiceHost {
    static func main() async throws {
        let directory = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "./plugins"
        var logger = Logger(label: "service-host")
        logger.logLevel = .notice
        let manager = PluginManager(logger: logger)
        let group = ServiceGroup(
            services: [manager, Caller(manager: manager, directory: directory)],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger
        )
        try await group.run()
        say("stopped: every plugin is down")
    }
}
