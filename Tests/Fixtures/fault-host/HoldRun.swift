import Plugboard
import PlugboardProtocol

#if canImport(Glibc)
import Glibc
#endif

/// `fault-host hold DIR`: registers (and starts) every plugin in `DIR` (sandboxed when `FAULT_HOST_SANDBOX` is
/// `standard`), prints `ready N` (the number started) on
/// stdout, then waits a day to be killed. The orphan tests (Tests/PlugboardTests/OrphanTests.swift) `kill -9` it
/// and check that none of its plugins outlive it.
enum HoldRun {
    static func run(directory: String) async throws {
        let manager = PluginManager(logger: FaultRun.logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await manager.run() }
            var options = RegistrationOptions(lazy: false, capabilitiesTimeout: .seconds(30), startupTimeout: .seconds(30))
            // FAULT_HOST_SANDBOX=standard runs the plugins under the standard sandbox (each with a pb-sbx-* directory).
            if getenv("FAULT_HOST_SANDBOX").map({ String(cString: $0) }) == "standard" { options.sandbox = .standard }
            let report = try await manager.registerPlugins(in: directory, options: options)
            guard report.failures.isEmpty else { throw FaultRun.Refused(description: "plugins did not register: \(report.failures)") }
            let line = "ready \(report.registered.count)\n"
            _ = line.withCString { write(1, $0, strlen($0)) }
            try await Task.sleep(for: .seconds(86_400))
            await manager.shutdown()
        }
    }
}
