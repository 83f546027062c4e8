import ArgumentParser
import Plugboard
import UnixSignals
import PlugboardProtocol

/// `plugboard check PLUGIN`: a conformance checker for plugin authors in any language.
struct CheckCommand: AsyncParsableCommand, StartsPlugins {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check that a plugin executable keeps the Plugboard protocol's promises, step by step.",
        discussion: """
            Runs the protocol against the executable, over both transports unless --transport names one: \
            capabilities (valid JSON of the right shape, valid schemas); start and GET /healthz; a JSON error body \
            for an unknown endpoint; POST /shutdown, an exit with status 0 and no socket or lock file left; the idle \
            timeout honoured (a 1 s idle timeout, once). For each v2 feature the plugin declares, a step of its own: \
            token (401 without the token and with a wrong one), socketDirectory (the socket inside the host's \
            private directory, mode 0600), configStdin (no config on any command line), parentWatch (a stop of its own \
            once its host dies, before the launcher's SIGTERM 250 ms later: a host process of its own is killed), methods (GET /plugboard/v2/methods lists every \
            declared method, each is served, each input schema compiles) and events (the stream opens; an event \
            sent while the methods are called arrives). The methods are called once each with an empty body.

            PLUGIN may also be an attached plugin: its manifest (NAME.pconf) or its URL (http://HOST:PORT, \
            https://HOST:PORT with --tls-ca and, for mutual TLS, --tls-cert and --tls-key). It is checked as a host \
            attaches it: reached, capabilities (GET /plugboard/v2/capabilities), TLS (with a client certificate \
            given: whether a host without one is refused), GET /healthz, how it tells hosts apart (its manifest's \
            token refused when missing or wrong, or a required client certificate), an unknown endpoint, methods \
            (listed and their schemas compiled, never called: they may act on someone's data) and events (the \
            stream opens). Another process runs it: its start, stop, idle timeout and parent watch are not checked, \
            and check does not stop it.

            FAIL is a fault: the host cannot rely on the plugin. WARN is a deviation of a v1 plugin that the host \
            tolerates (the Go framework's SDK answers 404 in plain text and exits 1 after /shutdown); the line says \
            what the host does about it. For a v2 plugin those are faults. Exit 0 when no step failed (with \
            --strict: and none warned), 1 otherwise.
            """
    )

    @Argument(help: "The plugin executable, or an attached plugin's manifest (.pconf) or URL.")
    var plugin: String

    @Option(help: "Check over this transport only: unix or tcp.")
    var transport: TransportKind?

    @Flag(help: "Print the results as JSON.")
    var json = false

    @Flag(help: "Fail on warnings too (deviations the host tolerates).")
    var strict = false

    @Option(help: "Seconds each step may take.")
    var timeout: Double = 10

    @Flag(help: "Show the plugin's logs on stderr.")
    var verbose = false

    @OptionGroup var sandbox: SandboxOptions

    @OptionGroup var tls: TLSOptions

    func run(trapping signals: UnixSignalsSequence) async throws {
        // Signals are trapped before the first plugin starts: one at any moment stops them in order.
        let command = self
        try await SignalledHost.run(trapping: signals) { try await command.check() }
    }

    private func check() async throws {
        let deadline = Duration.seconds(timeout)
        let policy = try sandbox.policy()
        if AttachedProbe.isAttached(plugin) {
            guard transport == nil, policy == .disabled else {
                throw CommandFailure(message: "\(plugin): an attached plugin runs in a process of its own: --transport and the sandbox flags do not apply")
            }
            let target = try AttachedTarget(plugin, flags: tls.tls)
            let steps = await PluginChecker.checkAttached(target, deadline: deadline, verbose: verbose)
            return try report(steps, path: plugin)
        }
        var steps: [CheckStep] = []
        let probe = await Discovery.probe(file: plugin, timeout: deadline, sandbox: policy)
        if let capabilities = probe.capabilities {
            let subject = CheckSubject(path: probe.path, capabilities: capabilities)
            steps += Self.capabilitySteps(capabilities)
            if let report = probe.sandbox { steps.insert(.pass("sandbox", "ran sandboxed (\(report))"), at: 1) }
            var checker = PluginChecker(subject: subject, deadline: deadline, verbose: verbose)
            checker.sandbox = policy
            let kinds = transport.map { [$0] } ?? [.unix, .tcp]
            for kind in kinds {
                steps += await checker.checkServing(over: kind)
            }
            steps.append(await checker.checkIdleTimeout(over: kinds[0]))
            if subject.supports(.parentWatch) {
                steps.append(await checker.checkParentWatch(over: kinds[0]))
            }
        } else {
            let message = probe.error?.message ?? "unknown error"
            steps.append(.fail(probe.error?.code == .invalidSchema ? "schemas" : "capabilities", message))
        }
        try report(steps, path: probe.path)
    }

    /// The `capabilities` and `schemas` steps of capabilities that parsed (and whose schemas compiled).
    static func capabilitySteps(_ capabilities: Capabilities) -> [CheckStep] {
        let contracts = capabilities.types.map { "\($0.key) (\($0.value.map(\.type).joined(separator: ", ")))" }.sorted().joined(separator: ", ")
        let features = capabilities.protocol?.features.filter { ProtocolFeature.known.contains(ProtocolFeature(rawValue: $0)) } ?? []
        let version = capabilities.protocolVersion >= 2 ? "v\(capabilities.protocolVersion)" + (features.isEmpty ? ", no features" : " (\(features.joined(separator: ", ")))") : "v1"
        let schemas = capabilities.types.values.joined().filter { $0.jsonSchema != nil }.count + capabilities.configTypes.filter { $0.jsonSchema != nil }.count
        return [
            .pass("capabilities", "valid JSON, protocol \(version); serves \(contracts.isEmpty ? "no contract" : contracts)"),
            .pass("schemas", schemas == 0 ? "no schemas declared" : "\(schemas) declared schema(s) are valid JSON Schema"),
        ]
    }

    /// Prints the steps (as JSON with --json) and their summary; exit status 1 unless they passed.
    private func report(_ steps: [CheckStep], path: String) throws {
        let failed = steps.filter { $0.outcome == .fail }.count
        let warned = steps.filter { $0.outcome == .warn }.count
        let passed = failed == 0 && (!strict || warned == 0)
        if json {
            try Output.json(CheckReport(plugin: path, passed: passed, strict: strict, warnings: warned, steps: steps))
        } else {
            for step in steps { Output.line(step.line) }
            Output.line(Self.summary(plugin, steps: steps.count, failed: failed, warned: warned, strict: strict))
        }
        if !passed { throw ExitCode(1) }
    }

    static func summary(_ plugin: String, steps: Int, failed: Int, warned: Int, strict: Bool) -> String {
        let warnings = warned == 1 ? "1 warning" : "\(warned) warnings"
        if failed > 0 { return "\(plugin): \(failed) of \(steps) checks failed" + (warned > 0 ? ", \(warnings)" : "") }
        if warned == 0 { return "\(plugin): all \(steps) checks passed" }
        return strict ? "\(plugin): \(warnings) of \(steps) checks, failed with --strict"
            : "\(plugin): all \(steps) checks passed, \(warnings) (deviations the host tolerates; --strict fails on them)"
    }
}

extension TransportKind: ExpressibleByArgument {}
