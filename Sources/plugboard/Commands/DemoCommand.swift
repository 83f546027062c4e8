import ArgumentParser
import Plugboard
import UnixSignals
import PlugboardContracts
import PlugboardProtocol

#if canImport(Glibc)
import Glibc
#endif

/// `plugboard demo`: the README's quick start, narrated.
struct DemoCommand: AsyncParsableCommand, StartsPlugins {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the example host against the example plugins and narrate what happens.",
        discussion: "Needs the example plugins built beside this executable: run it as `swift build && .build/debug/plugboard demo`."
    )

    @Option(help: "The directory holding the example plugin executables (default: beside this executable).")
    var plugins: String?

    @Flag(help: "Show the plugins' and the host's logs on stderr.")
    var verbose = false

    func run(trapping signals: UnixSignalsSequence) async throws {
        // Signals are trapped before the first plugin starts: one at any moment stops them in order.
        let command = self
        try await SignalledHost.run(trapping: signals) { try await command.narrate() }
    }

    private func narrate() async throws {
        let binaries = plugins ?? Self.executableDirectory()
        let directory = try Self.stageDemoDirectory(from: binaries)
        defer { FileBytes.removeTree(directory) }

        Output.line("1. Discovery: the executables in \(directory), each asked for its capabilities")
        for plugin in try await Discovery.probe(directory: directory) {
            let types = plugin.capabilities?.types.map { "\($0.key): \($0.value.map(\.type).joined(separator: ", "))" }.joined(separator: "; ")
            Output.line("   \(plugin.name): \(types ?? "error: \(plugin.error?.message ?? "?")") (protocol v\(plugin.capabilities?.protocolVersion ?? 0))")
        }

        try await PluginManager.withManager(configuration: .cli, logger: .cli(verbose: verbose)) { manager in
            Output.line("\n2. Start over Unix sockets: spawn with --config, wait for the location line and /healthz")
            let report = try await manager.registerPlugins(in: directory, options: RegistrationOptions(
                configData: [try ConfigData(type: "uppercase-settings", value: ["prefix": "» "])],
                transport: .unix
            ))
            for plugin in report.registered {
                Output.line("   \(plugin.name): \(plugin.status.state.rawValue), pid \(plugin.status.pid.map(String.init) ?? "-"), \(plugin.status.location ?? "-")")
            }
            for failure in report.failures { Output.line("   skipped: \(failure)") }

            Output.line("\n3. Typed calls through the contracts")
            let upper = try await report.explainingSkipped { try await manager.plugin(DataProcessorContract.self, type: "uppercase") }
            let processed = try await upper.process(ProcessRequest(data: "hello from the host"))
            Output.line("   dataProcessor/uppercase: \"hello from the host\" → \"\(processed.data.string)\" \(processed.metadata ?? [:])")
            let transformer = try await report.explainingSkipped { try await manager.plugin(TransformerContract.self) }
            let wrapped = try await transformer.transform(TransformRequest(data: "plugboard", transformation: "wrap", parameters: ["prefix": "[", "suffix": "]"]))
            Output.line("   transformer/wrap: \"plugboard\" → \"\(wrapped.data.string)\"")
            if report.registered.contains(where: { $0.name == "py-processor" }) {
                let python = try await manager.plugin(DataProcessorContract.self, type: "word-count")
                let counted = try await python.process(ProcessRequest(data: "plugins in any language"))
                Output.line("   dataProcessor/word-count (Python): → \"\(counted.data.string)\" \(counted.metadata ?? [:])")
            }

            Output.line("\n4. An internal plugin, called through the same API")
            try await manager.register(DataProcessorContract.self, type: "reverse", name: "internal-reverse", service: DemoReverser())
            let reverse = try await manager.plugin(DataProcessorContract.self, type: "reverse")
            Output.line("   internal-reverse, dataProcessor/reverse: \"hello\" → \"\(try await reverse.process(ProcessRequest(data: "hello")).data.string)\" (no process, no socket)")
        }

        try await PluginManager.withManager(configuration: .cli, logger: .cli(verbose: verbose)) { manager in
            Output.line("\n5. The same plugin over loopback TCP, with a 1-second idle timeout")
            try await manager.registerPlugins(in: directory, options: RegistrationOptions(
                idleTimeout: .seconds(1),
                filter: { $0 == "simple-processor" },
                transport: .tcp
            ))
            let handle = try await manager.handle(named: "simple-processor")
            let processor = try await manager.plugin(DataProcessorContract.self)
            let first = try await processor.process(ProcessRequest(data: "over tcp"))
            Output.line("   \(handle.status.location ?? "-") pid \(handle.status.pid.map(String.init) ?? "-"): \"over tcp\" → \"\(first.data.string)\"")
            Output.line("   waiting for the plugin to stop itself when idle…")
            let exit = await handle.waitForExit(within: .seconds(10))
            Output.line("   it exited (\(exit?.description ?? "still running")); state: \(handle.status.state.rawValue)")
            let again = try await processor.process(ProcessRequest(data: "restarted on demand"))
            Output.line("   next call restarts it: pid \(handle.status.pid.map(String.init) ?? "-"): → \"\(again.data.string)\"")
            Output.line("\n6. Shutdown: POST /shutdown, then SIGTERM, then SIGKILL if needed; every child reaped")
        }
        Output.line("   done: no plugin process, socket or lock file is left.")
    }

    static func executableDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        let path = count > 0 ? String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self) : CommandLine.arguments[0]
        return String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)])
    }

    /// A temporary plugin directory with links to the example plugins (and the Python one when python3 exists).
    static func stageDemoDirectory(from binaries: String) throws -> String {
        var template = Array("/tmp/plugboard-demo-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw CommandFailure(message: "cannot make a temporary directory")
        }
        let directory = String(cString: made)
        var linked = 0
        for name in ["simple-processor", "transformer"] where access("\(binaries)/\(name)", X_OK) == 0 {
            symlink("\(binaries)/\(name)", "\(directory)/\(name)")
            linked += 1
        }
        guard linked == 2 else {
            FileBytes.removeTree(directory)
            throw CommandFailure(message: "the example plugins are not built in \(binaries); run `swift build` first (or pass --plugins DIR)")
        }
        // The Python example, when this binary sits in a checkout's .build and python3 is installed.
        var root = binaries
        while let slash = root.lastIndex(of: "/"), slash > root.startIndex, access(root + "/Package.swift", F_OK) != 0 {
            root = String(root[..<slash])
        }
        let python = "\(root)/Examples/python-plugin/py-processor"
        if access(python, X_OK) == 0, system("command -v python3 >/dev/null 2>&1") == 0 {
            symlink(python, "\(directory)/py-processor")
        }
        return directory
    }
}
