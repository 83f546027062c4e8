import Logging
import Plugboard
import PlugboardContracts
import PlugboardProtocol
import UnixSignals

#if canImport(Glibc)
import Glibc
#endif

/// An internal DataProcessor: reverses text, compiled into the host.
struct Reverser: DataProcessor {
    func process(_ request: ProcessRequest) async throws -> ProcessResponse {
        ProcessResponse(data: Base64Bytes(Array(String(request.data.string.reversed()).utf8)), format: request.format, metadata: ["processed_by": "internal-reverser"])
    }

    func formats() async throws -> [String] { ["text/plain"] }
}

/// The example host: discovers the plugins in a directory (default: beside this executable), calls them through
/// their contracts, registers an internal plugin used through the same API, and shuts everything down.
@main
struct ExampleHost {
    static func main() async {
        // Ctrl-C or SIGTERM at any moment stops the plugins in order: blocked first, trapped before the first spawn.
        PluginManager.blockShutdownSignals()
        let signals = await UnixSignalsSequence(trapping: .sigint, .sigterm)
        let arguments = CommandLine.arguments
        let directory = arguments.count > 1 ? arguments[1] : defaultDirectory()
        var logger = Logger(label: "example-host")
        logger.logLevel = .notice
        do {
            try await PluginManager.withManager(logger: logger, stoppingOn: signals) { manager in
                print("→ discovering plugins in \(directory)")
                let report = try await manager.registerPlugins(
                    in: directory,
                    options: RegistrationOptions(
                        idleTimeout: .seconds(60),
                        configData: [try ConfigData(type: "uppercase-settings", value: ["prefix": ">> "])],
                        filter: { ["simple-processor", "transformer"].contains($0) }
                    )
                )
                for plugin in report.registered {
                    let types = plugin.types.map { "\($0.key): \($0.value.joined(separator: ", "))" }.joined(separator: "; ")
                    print("  registered \(plugin.name) [\(types)] state=\(plugin.status.state.rawValue) pid=\(plugin.status.pid.map(String.init) ?? "-")")
                }
                for failure in report.failures { print("  skipped: \(failure)") }

                try await manager.register(DataProcessorContract.self, type: "reverse", name: "internal-reverser", service: Reverser())
                print("→ registered internal plugin internal-reverser (dataProcessor: reverse)")

                let roundTrip = try await manager.handle(named: "simple-processor").ping()
                print("→ ping simple-processor: \(roundTrip)")

                for type in ["uppercase", "reverse"] {
                    let processor = try await manager.plugin(DataProcessorContract.self, type: type)
                    let response = try await processor.process(ProcessRequest(data: "hello world", format: "text/plain"))
                    let formats = try await processor.formats()
                    print("→ dataProcessor \(type): \"hello world\" → \"\(response.data.string)\" metadata=\(response.metadata ?? [:]) formats=\(formats)")
                }

                let transformer = try await manager.plugin(TransformerContract.self)
                let names = try await transformer.transformations().map(\.name)
                print("→ transformer offers: \(names.joined(separator: ", "))")
                let replaced = try await transformer.transform(TransformRequest(data: "plugins in swift", transformation: "replace", parameters: ["from": "swift", "to": "Swift"]))
                print("→ transform replace: \"plugins in swift\" → \"\(replaced.data.string)\"")
                do {
                    _ = try await transformer.transform(TransformRequest(data: "x", transformation: "explode"))
                } catch {
                    print("→ a plugin error comes back typed: \(error)")
                }
                print("→ shutting down")
            }
            print("✓ done: every plugin stopped, no process, socket or lock file left")
        } catch let interrupted as PluginManager.Interrupted {
            print("✓ \(interrupted): every plugin stopped")
            exit(interrupted.exitStatus)
        } catch {
            print("error: \(error)")
            exit(1)
        }
    }

    static func defaultDirectory() -> String {
        let path = CommandLine.arguments[0]
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return String(path[..<slash])
    }
}
