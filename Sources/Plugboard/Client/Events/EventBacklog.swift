import Synchronization

/// Lines read from an events stream but not yet handled. Past ``pauseAbove`` the host stops reading the stream (TCP
/// back-pressure reaches the plugin, whose queue then fills and whose `notify` fails); below ``resumeBelow`` it
/// reads again. Memory stays bounded however slow the handlers are.
final class EventBacklog: Sendable {
    static let pauseAbove = 4096
    static let resumeBelow = 1024

    private let count = Atomic<Int>(0)

    func add() { count.add(1, ordering: .relaxed) }

    /// Returns true when this removal brought the backlog down to the resume mark.
    func remove() -> Bool { count.subtract(1, ordering: .relaxed).newValue == Self.resumeBelow }

    var isFull: Bool { count.load(ordering: .relaxed) > Self.pauseAbove }

    var isDrained: Bool { count.load(ordering: .relaxed) <= Self.resumeBelow }
}
