import Logging
import Plugboard
import PlugboardContracts
import PlugboardProtocol
import PlugboardTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// One run of a ``FaultScenario``: registers its plugin with a fresh manager, makes its calls from 8 callers, shuts
/// the manager down, and reports how the calls ended and what this process was left holding.
struct FaultRun {
    let scenario: FaultScenario
    let transport: TransportPreference
    var plan: ScenarioPlan { scenario.plan }

    /// Logs nothing unless `PLUGBOARD_TEST_LOG` is set (then debug lines on stderr).
    static let logger: Logger = {
        guard getenv("PLUGBOARD_TEST_LOG") != nil else { return Logger(label: "fault-host") { _ in SwiftLogNoOpLogHandler() } }
        var logger = Logger(label: "fault-host") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .debug
        return logger
    }()

    func run() async throws -> FaultReport {
        let directory = PluginDirectory()
        plan.link(directory)
        let sockets = PluginDirectory()
        let baseline = try await ProcessFootprint.baseline()
        let tally = CallTally()
        let budget = CallBudget(limit: plan.callLimit, wallTime: plan.safetyStop)
        let clock = ContinuousClock()
        let started = clock.now
        // A prefix of this process's own for the host's private socket directory, to look for it afterwards.
        let prefix = "pb-fault-host-\(getpid())-"
        // A group of the manager's own (the default, NIO's singleton, lives as long as the process): its threads and
        // descriptors must be gone too when the manager returns.
        let configuration = PluginManager.Configuration(eventLoops: .dedicated(threads: 1), socketDirectoryPrefix: prefix)
        let (restarts, stats) = try await PluginManager.withManager(configuration: configuration, logger: Self.logger) { manager in
            let options = RegistrationOptions(
                transport: transport,
                capabilitiesTimeout: .seconds(30),
                startupTimeout: .seconds(20),
                callTimeout: plan.callTimeout,
                environment: plan.environment(sockets.path),
                // A crash loop backs off to 6.4 s by default; short delays let the run see many lives in its time.
                restartBackoff: RestartBackoff(initial: .milliseconds(10), maximum: .milliseconds(200))
            )
            let report = try await manager.registerPlugins(in: directory.path, options: options)
            guard report.failures.isEmpty else { throw Refused(description: "the plugin did not register: \(report.failures)") }
            let handle = try await manager.handle(named: plan.pluginName)
            let processor = try await manager.plugin(DataProcessorContract.self, type: plan.contractType)
            let plan = plan
            await budget.spend(callers: 8) { number in
                if plan.maxPause > .zero {
                    try? await Task.sleep(for: .milliseconds(Int.random(in: 0...Int(plan.maxPause / .milliseconds(1)))))
                }
                await Self.call(processor, number: number, expecting: plan.processedBy, into: tally)
            }
            let stats = plan.hasStats ? try WireJSON.decode([String: Int].self, from: try await handle.send(.get, "/stats").body) : nil
            return (handle.status.restarts, stats)
        }
        let seconds = Self.seconds(clock.now - started)
        // Descriptors and children go as the manager's last tasks end: wait for that, within a bound.
        _ = await eventually(timeout: .seconds(10)) { ProcessFootprint.current().added(since: baseline).isEmpty }
        let left = ProcessFootprint.current().added(since: baseline)
        var leftFiles = Files.tree(sockets.path).map { "\(sockets.path)/\($0)" }
        for base in Set(["/tmp", getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"]) {
            for name in Files.list(base) where name.hasPrefix(prefix) {
                leftFiles.append("\(base)/\(name) (the host's socket directory), holding \(Files.tree("\(base)/\(name)"))")
            }
        }
        leftFiles += directory.entries.filter { $0 != plan.pluginName }.map { "\(directory.path)/\($0)" }
        return FaultReport(
            scenario: scenario,
            transport: transport.rawValue,
            calls: tally.snapshot,
            callLimit: budget.limit,
            callsMade: budget.taken,
            stoppedBySafetyStop: budget.stoppedByDeadline,
            restarts: restarts,
            pluginStats: stats,
            leftOpen: left.descriptors.map(\.description),
            leftRunning: left.children.map(\.description),
            leftFiles: leftFiles,
            seconds: seconds
        )
    }

    /// One `POST /process` with a payload of its own, which must come back with `processed_by` set to `processedBy`.
    static func call(_ processor: any DataProcessor, number: Int, expecting processedBy: String, into tally: CallTally) async {
        let text = "call \(number)"
        do {
            let response = try await processor.process(ProcessRequest(data: Base64Bytes(Array(text.utf8)), format: "application/octet-stream"))
            if response.data.string == text && response.metadata?["processed_by"] == processedBy {
                tally.succeeded()
            } else {
                tally.answeredWrongly("\(text) → \(response.data.string) \(response.metadata ?? [:])")
            }
        } catch {
            tally.failed(error)
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// The plugin could not be set up for the run.
    struct Refused: Error, CustomStringConvertible {
        var description: String
    }
}
