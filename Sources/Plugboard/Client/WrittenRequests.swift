import Synchronization

/// How many requests of one pool have been written to the plugin and not yet answered (or failed): what "a call in
/// flight" means when the supervisor classifies an exit. A call that took a connection but whose request never went
/// out does not count, so an idle exit racing it is still an idle exit.
final class WrittenRequests: Sendable {
    private let count = Atomic<Int>(0)

    init() {}

    /// A request went out.
    func wrote() { count.add(1, ordering: .relaxed) }

    /// A written request was answered, or failed.
    func ended() { count.subtract(1, ordering: .relaxed) }

    /// Whether none is outstanding.
    var isZero: Bool { count.load(ordering: .relaxed) == 0 }
}
