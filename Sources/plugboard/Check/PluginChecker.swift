import Plugboard
import PlugboardProtocol

/// Walks one plugin through its life under a real host (a ``PluginManager``), step by step, for `plugboard check`.
struct PluginChecker: Sendable {
    var subject: CheckSubject
    /// How long each step may take.
    var deadline: Duration
    var verbose: Bool
    /// The sandbox the plugin is checked in (`--sandbox`).
    var sandbox: SandboxPolicy = .disabled

    /// The prefix of the host's private socket directory: a socket outside a directory of this name ignored the
    /// `socketDirectory` it was given.
    static let socketDirectoryPrefix = "pb-check-"

    var configuration: PluginManager.Configuration {
        var configuration = PluginManager.Configuration.cli
        configuration.socketDirectoryPrefix = Self.socketDirectoryPrefix
        return configuration
    }

    func options(over kind: TransportKind, idleTimeout: Duration? = nil) -> RegistrationOptions {
        var options = RegistrationOptions(
            idleTimeout: idleTimeout,
            transport: kind == .unix ? .unix : .tcp,
            lazy: true,
            capabilitiesTimeout: deadline,
            startupTimeout: deadline,
            callTimeout: deadline,
            shutdownTimeout: deadline
        )
        options.sandbox = sandbox
        return options
    }

    /// Registers the plugin in a manager of its own and runs `body` with its handle, once it started; a failure to
    /// register or start is the `start` step's.
    func withStarted(over kind: TransportKind, idleTimeout: Duration? = nil, _ body: (PluginHandle) async -> [CheckStep]) async -> [CheckStep] {
        let prefix = "\(kind.rawValue): "
        var steps: [CheckStep] = []
        do {
            try await PluginManager.withManager(configuration: configuration, logger: .cli(verbose: verbose)) { manager in
                let report = try await manager.registerPlugin(at: subject.path, options: options(over: kind, idleTimeout: idleTimeout))
                guard let registered = report.registered.first else {
                    steps.append(.fail(prefix + "register", report.failures.first?.message ?? "not registered"))
                    return
                }
                let handle = try await manager.handle(named: registered.name)
                do {
                    try await handle.start()
                } catch {
                    steps.append(.fail(prefix + "start", "\(error)"))
                    return
                }
                steps += await body(handle)
            }
        } catch {
            steps.append(.fail(prefix + "host", "\(error)"))
        }
        return steps
    }

    /// Starts the plugin over one transport and checks what it serves, then stops it.
    func checkServing(over kind: TransportKind) async -> [CheckStep] {
        let prefix = "\(kind.rawValue): "
        return await withStarted(over: kind) { handle in
            var steps: [CheckStep] = [.pass(prefix + "start", "listening at \(handle.status.location ?? "?"), pid \(handle.status.pid.map(String.init) ?? "?")")]
            let health = try? await handle.send(.get, "/healthz")
            steps.append(health?.status == 200 ? .pass(prefix + "healthz", "GET /healthz answered 200")
                : .fail(prefix + "healthz", "GET /healthz answered \(health.map { String($0.status) } ?? "nothing")"))
            let location = handle.status.location.flatMap { try? Location(parsing: $0) }
            if subject.supports(.token), let location {
                steps.append(await checkToken(at: location, step: prefix + "token"))
            }
            if case .unix(let path)? = location {
                steps.append(checkSocket(path, step: prefix + "socket"))
            }
            if subject.supports(.configStdin) {
                steps.append(checkConfigNotInArguments(pid: handle.status.pid, step: prefix + "config"))
            }
            steps.append(await checkUnknownEndpoint(handle, step: prefix + "unknown endpoint"))
            let listening = subject.supports(.events) ? await listen(handle) : nil
            if subject.supports(.methods) {
                steps.append(await checkMethods(handle, step: prefix + "methods"))
            }
            if let listening {
                steps.append(await checkEvents(listening, step: prefix + "events"))
            }
            steps += await checkShutdown(handle, prefix: prefix)
            return steps
        }
    }

    func checkUnknownEndpoint(_ handle: PluginHandle, step: String) async -> CheckStep {
        guard let response = try? await handle.send(.get, "/plugboard-check/no-such-endpoint") else {
            return .fail(step, "no answer for an unknown endpoint")
        }
        guard !(200..<300).contains(response.status) else { return .fail(step, "an unknown endpoint answered \(response.status)") }
        guard let body = try? WireJSON.decode(ErrorBody.self, from: response.body) else {
            let text = String(decoding: response.body.prefix(80), as: UTF8.self).oneLine
            return subject.tolerated(step, "answered \(response.status) without a JSON error body {\"message\", \"statusCode\"}: \"\(text)\"",
                                     hostCopes: "it reports the first 500 bytes of the body as the error's message")
        }
        guard body.statusCode == response.status else {
            return subject.tolerated(step, "error body statusCode \(body.statusCode) differs from the HTTP status \(response.status)",
                                     hostCopes: "it goes by the HTTP status")
        }
        return .pass(step, "answered \(response.status) with {\"message\": \"\(body.message)\"}")
    }

    func checkShutdown(_ handle: PluginHandle, prefix: String) async -> [CheckStep] {
        let answer: String
        var answered200 = false
        let pid = handle.status.pid
        do {
            let response = try await handle.send(.post, "/shutdown", timeout: min(deadline, .seconds(5)))
            answered200 = response.status == 200
            answer = "POST /shutdown answered \(response.status)"
        } catch {
            answer = "POST /shutdown got no answer (\((error as? PluginError)?.message.oneLine ?? "\(error)"))"
        }
        guard let exit = await handle.waitForExit(within: deadline) else {
            // Where it is stuck tells a plugin's author (and a flaky test's reader) what to look at.
            let doing = pid.flatMap(ProcessTable.describe).map { " (\($0))" } ?? ""
            return [.fail(prefix + "shutdown", "\(answer); still running \(deadline) after it\(doing)")]
        }
        let stopped: CheckStep
        if answered200 && exit.isSuccess {
            stopped = .pass(prefix + "shutdown", "\(answer), then the plugin exited by itself (\(exit))")
        } else if exit.code != nil {
            stopped = subject.tolerated(prefix + "shutdown", "\(answer), then the plugin exited with \(exit); expected 200, then status 0",
                                        hostCopes: "after asking for a stop it takes any exit as a stop, not a crash, and sends SIGTERM to one that does not answer")
        } else {
            stopped = .fail(prefix + "shutdown", "\(answer), then the plugin was \(exit)")
        }
        let left = handle.status.leftBehind
        let clean: CheckStep = left.isEmpty ? .pass(prefix + "cleanup", "no socket or lock file left")
            : subject.tolerated(prefix + "cleanup", "left behind: \(left.joined(separator: ", "))",
                                hostCopes: "it removes a dead plugin's socket and lock file")
        return [stopped, clean]
    }
}
