import Synchronization

/// A call's cancellation, shared by its caller and its connection's handler: the caller marks it when its task is
/// cancelled and names it in a ``CancelCall`` event; the handler fails the call it belongs to, or refuses to write a
/// request whose caller has already gone. Its identity tells the handler which call is meant, as the connection may
/// carry another call by the time the event arrives.
final class CallCancellation: Sendable {
    private let cancelled = Atomic<Bool>(false)

    init() {}

    /// Marks the call as cancelled.
    func cancel() { cancelled.store(true, ordering: .releasing) }

    /// Whether the caller cancelled the call.
    var isCancelled: Bool { cancelled.load(ordering: .acquiring) }
}
