import Logging
#if canImport(Glibc)
import Glibc
#endif
import Plugboard
import PlugboardTestSupport

/// Shared set-up for the host's integration tests.
enum TestHost {
    /// A logger that drops everything (tests assert on behaviour, not log lines); `PLUGBOARD_TEST_LOG=1` shows it.
    static let quiet: Logger = {
        guard getenv("PLUGBOARD_TEST_LOG") != nil else { return Logger(label: "plugboard-test") { _ in SwiftLogNoOpLogHandler() } }
        var logger = Logger(label: "plugboard-test") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .debug
        return logger
    }()

    /// Runs `body` with a running manager that logs nothing.
    static func withManager<T: Sendable>(_ body: (PluginManager) async throws -> T) async throws -> T {
        try await PluginManager.withManager(logger: quiet, body)
    }

    /// Options with deadlines a broken plugin hits soon enough, and a good one never does on a loaded 2-core machine
    /// (a Python plugin's `capabilities` behind pyenv's shims took over 10 s in full-suite runs there).
    static func options(_ transport: TransportPreference = .automatic, idleTimeout: Duration? = nil, lazy: Bool = false) -> RegistrationOptions {
        RegistrationOptions(idleTimeout: idleTimeout, transport: transport, lazy: lazy, capabilitiesTimeout: .seconds(30), startupTimeout: .seconds(30), callTimeout: .seconds(30))
    }

    /// The socket file of a running plugin, from its location.
    static func socketPath(_ status: PluginStatus) -> String? {
        guard let location = status.location, location.hasPrefix("http+unix://") else { return nil }
        return String(location.dropFirst("http+unix://".count))
    }
}
