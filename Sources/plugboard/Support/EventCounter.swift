import Synchronization

/// Numbers events in the order the host delivers them (handlers run one at a time, but on the host's tasks).
final class EventCounter: Sendable {
    private let count = Mutex(0)

    /// The next number, from 1.
    func next() -> Int { count.withLock { $0 += 1; return $0 } }
}
