import Logging
import NIOCore
import Synchronization

/// What every supervised plugin of one manager shares: the event loops, the task runner that owns the processes,
/// the private socket directory, the launcher and the logger.
final class HostContext: Sendable {
    let group: any EventLoopGroup
    let runner: TaskRunner
    let logger: Logger
    let socketDirectory: String?
    /// The launcher plugin processes are started through, or why there is none.
    let launcher: Result<Launcher, LauncherMissing>
    /// Where metrics and spans go (nil members: nowhere).
    let observability: HostObservability
    private let instances = Atomic<Int>(0)

    init(
        group: any EventLoopGroup, runner: TaskRunner, logger: Logger, socketDirectory: String?,
        launcher: Result<Launcher, LauncherMissing>, observability: HostObservability = .none
    ) {
        self.group = group
        self.launcher = launcher
        self.runner = runner
        self.logger = logger
        self.socketDirectory = socketDirectory
        self.observability = observability
    }

    /// A number unique within this host, for plugin instance ids.
    func nextInstance() -> Int { instances.add(1, ordering: .relaxed).newValue }
}
