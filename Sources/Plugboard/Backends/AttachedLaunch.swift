import PlugboardProtocol
import Synchronization

/// One connection of the host to an attached plugin: ready after one healthy `/healthz` (no retries: it claims to
/// be running already); it ends when the host lets go, which it reports as a clean exit.
final class AttachedLaunch: PluginLaunch {
    private let backend: AttachedBackend
    private let onExit: @Sendable (ProcessExit) -> Void
    private let ended = OneShot<ProcessExit>()
    private let ending = Atomic<Bool>(false)

    init(backend: AttachedBackend, onExit: @escaping @Sendable (ProcessExit) -> Void) {
        self.backend = backend
        self.onExit = onExit
    }

    func begin() throws(PluginError) {}

    func ready(by deadline: ContinuousClock.Instant) async throws(PluginError) -> ConnectionPool {
        let location = backend.location
        // An attached plugin's protocol version may be unknown (a lazy manifest): the v1 rules, which resend less.
        let pool = backend.settings.makePool(location, group: backend.context.group, keepsCloseRule: false)
        let response: HTTPResponse
        do {
            response = try await pool.send(.get, "/healthz", body: [], deadline: deadline)
        } catch HTTPClientFailure.timedOut, PoolFailure.timedOut, PoolFailure.backlogFull {
            pool.close()
            throw PluginError(.timeout, plugin: backend.name, path: backend.path, message: "did not answer GET /healthz at \(pool.url) within \(backend.settings.startupTimeout) (RegistrationOptions.startupTimeout)")
        } catch {
            pool.close()
            throw PluginError(ExternalPlugin.code(for: error), plugin: backend.name, path: backend.path, message: "is not reachable at \(pool.url): \(ExternalPlugin.reason(error))")
        }
        guard response.status == 200 else {
            pool.close()
            throw PluginError(.connection, plugin: backend.name, path: backend.path, message: "answered GET /healthz at \(pool.url) with \(response.status)", status: response.status)
        }
        return pool
    }

    func stop(pool: ConnectionPool, timeout: Duration) async {
        pool.close()
        end()
    }

    func abort() { end() }

    func waitForExit(within duration: Duration) async -> ProcessExit? {
        let ended = self.ended
        return try? await withDeadline(duration) { try await ended.wait() }
    }

    var isOver: Bool { ended.result != nil }

    var location: Location? { backend.location }

    var pid: Int32? { nil }

    var stderrTail: String { "" }

    /// Reports the end once: to the supervisor first, then to whoever waits for it (as a process's exit is).
    private func end() {
        guard !ending.exchange(true, ordering: .acquiringAndReleasing) else { return }
        onExit(.success)
        ended.succeed(.success)
    }
}
