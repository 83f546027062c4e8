import Logging
import NIOCore
import Synchronization

/// What every supervised plugin of one manager shares: the event loops, the task runner that owns the processes,
/// the private socket directory and the logger.
final class HostContext: Sendable {
    let group: any EventLoopGroup
    let runner: TaskRunner
    let logger: Logger
    let socketDirectory: String?
    /// Where metrics and spans go (nil members: nowhere).
    let observability: HostObservability
    private let instances = Atomic<Int>(0)

    init(group: any EventLoopGroup, runner: TaskRunner, logger: Logger, socketDirectory: String?, observability: HostObservability = .none) {
        self.group = group
        self.runner = runner
        self.logger = logger
        self.socketDirectory = socketDirectory
        self.observability = observability
    }

    /// A number unique within this host, for plugin instance ids.
    func nextInstance() -> Int { instances.add(1, ordering: .relaxed).newValue }
}
