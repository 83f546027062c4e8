import ArgumentParser
import Plugboard
import UnixSignals
import PlugboardProtocol

/// `plugboard check PLUGIN`: a conformance checker for plugin authors in any language.
struct CheckCommand: AsyncParsableCommand, StartsPlugins {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check that a plugin executable follows the Plugboard protocol, step by step.",
        discussion: """
            Runs the protocol against the executable: capabilities (valid JSON of the right shape, valid schemas), \
            start with --config and a reachable location, GET /healthz, a JSON error body for an unknown endpoint, \
            POST /shutdown and a clean exit, no socket or lock file left; over both transports unless --transport \
            names one. Exit 0 when every step passes, 1 otherwise.
            """
    )

    @Argument(help: "The plugin executable.")
    var plugin: String

    @Option(help: "Check over this transport only: unix or tcp.")
    var transport: TransportKind?

    @Flag(help: "Print the results as JSON.")
    var json = false

    @Option(help: "Seconds each step may take.")
    var timeout: Double = 10

    @Flag(help: "Show the plugin's logs on stderr.")
    var verbose = false

    @OptionGroup var sandbox: SandboxOptions

    func run(trapping signals: UnixSignalsSequence) async throws {
        // Signals are trapped before the first plugin starts: one at any moment stops them in order.
        let command = self
        try await SignalledHost.run(trapping: signals) { try await command.check() }
    }

    private func check() async throws {
        var steps: [CheckStep] = []
        let deadline = Duration.seconds(timeout)
        let policy = try sandbox.policy()
        let probe = await Discovery.probe(file: plugin, timeout: deadline, sandbox: policy)
        if let capabilities = probe.capabilities {
            let contracts = capabilities.types.map { "\($0.key) (\($0.value.map(\.type).joined(separator: ", ")))" }.sorted().joined(separator: ", ")
            steps.append(.pass("capabilities", "valid JSON, protocol v\(capabilities.protocolVersion); serves \(contracts.isEmpty ? "no contract" : contracts)"))
            if let report = probe.sandbox { steps.append(.pass("sandbox", "ran sandboxed (\(report))")) }
            let schemas = capabilities.types.values.joined().filter { $0.jsonSchema != nil }.count + capabilities.configTypes.filter { $0.jsonSchema != nil }.count
            steps.append(.pass("schemas", schemas == 0 ? "no schemas declared" : "\(schemas) declared schema(s) are valid JSON Schema"))
            for kind in transport.map({ [$0] }) ?? [.unix, .tcp] {
                steps += await checkServing(over: kind, deadline: deadline)
            }
        } else {
            let message = probe.error?.message ?? "unknown error"
            steps.append(.fail(probe.error?.code == .invalidSchema ? "schemas" : "capabilities", message))
        }
        let passed = steps.allSatisfy(\.passed)
        if json {
            try Output.json(CheckReport(plugin: probe.path, passed: passed, steps: steps))
        } else {
            for step in steps { Output.line(step.line) }
            Output.line(passed ? "\(plugin): all \(steps.count) checks passed" : "\(plugin): \(steps.filter { !$0.passed }.count) of \(steps.count) checks failed")
        }
        if !passed { throw ExitCode(1) }
    }

    /// Starts the plugin over one transport and walks it through its life.
    private func checkServing(over kind: TransportKind, deadline: Duration) async -> [CheckStep] {
        var steps: [CheckStep] = []
        let prefix = "\(kind.rawValue): "
        let policy: SandboxPolicy
        do {
            policy = try sandbox.policy()
        } catch {
            return [.fail(prefix + "sandbox", "\(error)")]
        }
        var options = RegistrationOptions(
            transport: kind == .unix ? .unix : .tcp,
            lazy: true,
            capabilitiesTimeout: deadline,
            startupTimeout: deadline,
            callTimeout: deadline,
            shutdownTimeout: deadline
        )
        options.sandbox = policy
        let registration = options
        do {
            try await PluginManager.withManager(configuration: .cli, logger: .cli(verbose: verbose)) { manager in
                let report = try await manager.registerPlugin(at: plugin, options: registration)
                guard let registered = report.registered.first else {
                    steps.append(.fail(prefix + "register", report.failures.first?.message ?? "not registered"))
                    return
                }
                let handle = try await manager.handle(named: registered.name)
                do {
                    try await handle.start()
                    steps.append(.pass(prefix + "start", "listening at \(handle.status.location ?? "?"), pid \(handle.status.pid.map(String.init) ?? "?")"))
                } catch {
                    steps.append(.fail(prefix + "start", "\(error)"))
                    return
                }
                let health = try? await handle.send(.get, "/healthz")
                steps.append(health?.status == 200 ? .pass(prefix + "healthz", "GET /healthz answered 200") : .fail(prefix + "healthz", "GET /healthz answered \(health.map { String($0.status) } ?? "nothing")"))
                steps.append(await checkUnknownEndpoint(handle, prefix: prefix))
                steps += await checkShutdown(handle, prefix: prefix, deadline: deadline)
            }
        } catch {
            steps.append(.fail(prefix + "host", "\(error)"))
        }
        return steps
    }

    private func checkUnknownEndpoint(_ handle: PluginHandle, prefix: String) async -> CheckStep {
        let name = prefix + "unknown endpoint"
        guard let response = try? await handle.send(.get, "/plugboard-check/no-such-endpoint") else {
            return .fail(name, "no answer for an unknown endpoint")
        }
        guard !(200..<300).contains(response.status) else { return .fail(name, "an unknown endpoint answered \(response.status)") }
        guard let body = try? WireJSON.decode(ErrorBody.self, from: response.body) else {
            return .fail(name, "answered \(response.status) without a JSON error body {\"message\", \"statusCode\"}: \"\(String(decoding: response.body.prefix(80), as: UTF8.self))\"")
        }
        guard body.statusCode == response.status else {
            return .fail(name, "error body statusCode \(body.statusCode) differs from the HTTP status \(response.status)")
        }
        return .pass(name, "answered \(response.status) with {\"message\": \"\(body.message)\"}")
    }

    private func checkShutdown(_ handle: PluginHandle, prefix: String, deadline: Duration) async -> [CheckStep] {
        guard let response = try? await handle.send(.post, "/shutdown"), response.status == 200 else {
            return [.fail(prefix + "shutdown", "POST /shutdown did not answer 200")]
        }
        guard let exit = await handle.waitForExit(within: deadline) else {
            return [.fail(prefix + "shutdown", "still running \(deadline) after POST /shutdown")]
        }
        let stopped: CheckStep = exit.isSuccess ? .pass(prefix + "shutdown", "exited by itself (\(exit)) after POST /shutdown")
            : .fail(prefix + "shutdown", "exited with \(exit) after POST /shutdown; expected status 0")
        let left = handle.status.leftBehind
        let clean: CheckStep = left.isEmpty ? .pass(prefix + "cleanup", "no socket or lock file left")
            : .fail(prefix + "cleanup", "left behind: \(left.joined(separator: ", "))")
        return [stopped, clean]
    }
}

/// One step of `plugboard check`.
struct CheckStep: Encodable {
    var step: String
    var passed: Bool
    var detail: String

    static func pass(_ step: String, _ detail: String) -> CheckStep { CheckStep(step: step, passed: true, detail: detail) }
    static func fail(_ step: String, _ detail: String) -> CheckStep { CheckStep(step: step, passed: false, detail: detail) }

    var line: String { "\(passed ? "PASS" : "FAIL")  \(step): \(detail)" }
}

/// `plugboard check --json`.
struct CheckReport: Encodable {
    var plugin: String
    var passed: Bool
    var steps: [CheckStep]
}

extension TransportKind: ExpressibleByArgument {}
