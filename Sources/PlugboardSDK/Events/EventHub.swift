import NIOConcurrencyHelpers
import PlugboardProtocol

/// The plugin's side of events (GoPlug's callbacks): the host opens one stream, naming the events it listens
/// for; ``notify(_:_:)`` queues an event on it in order, or fails at once when nobody listens for that name.
final class EventHub: Sendable {
    /// Events queued for the host before ``notify(_:_:)`` reports the host as not keeping up.
    static let capacity = 65_536

    private struct Subscriber {
        var id: Int
        var names: Set<String>
        var continuation: AsyncStream<EventMessage>.Continuation
    }

    private struct State {
        var subscriber: Subscriber?
        var nextID = 0
        var seq: UInt64 = 0
        var closed = false
    }

    private let state = NIOLockedValueBox(State())

    /// Opens the host's stream, replacing an earlier one (which ends).
    func subscribe(to names: Set<String>) -> (id: Int, events: AsyncStream<EventMessage>) {
        let (stream, continuation) = AsyncStream.makeStream(of: EventMessage.self, bufferingPolicy: .bufferingOldest(Self.capacity))
        let (id, previous, closed) = state.withLockedValue { state -> (Int, Subscriber?, Bool) in
            state.nextID += 1
            let previous = state.subscriber
            if !state.closed { state.subscriber = Subscriber(id: state.nextID, names: names, continuation: continuation) }
            return (state.nextID, previous, state.closed)
        }
        previous?.continuation.finish()
        if closed { continuation.finish() }
        return (id, stream)
    }

    /// Closes the stream `id` if it is still the current one.
    func unsubscribe(_ id: Int) {
        let subscriber = state.withLockedValue { state -> Subscriber? in
            guard state.subscriber?.id == id else { return nil }
            defer { state.subscriber = nil }
            return state.subscriber
        }
        subscriber?.continuation.finish()
    }

    /// Ends the stream for good (the plugin is stopping); later notifies fail.
    func close() {
        let subscriber = state.withLockedValue { state -> Subscriber? in
            state.closed = true
            defer { state.subscriber = nil }
            return state.subscriber
        }
        subscriber?.continuation.finish()
    }

    /// The events the host listens for now.
    var listened: [String] { state.withLockedValue { ($0.subscriber?.names).map { $0.sorted() } ?? [] } }

    /// Queues an event for the host, in order, with the trace context of the code that sent it.
    func notify(_ name: String, _ data: [UInt8], trace: [String: String]? = nil) throws(EventError) {
        let result = state.withLockedValue { state -> Result<Void, EventError> in
            guard let subscriber = state.subscriber, subscriber.names.contains(name) else {
                return .failure(.noListener(name: name, listened: (state.subscriber?.names).map { $0.sorted() } ?? []))
            }
            state.seq += 1
            // Yielding under the lock keeps sequence numbers and stream order the same.
            if case .dropped = subscriber.continuation.yield(EventMessage(seq: state.seq, name: name, data: data, trace: trace)) {
                state.seq -= 1
                return .failure(.hostNotKeepingUp(name: name, pending: Self.capacity))
            }
            return .success(())
        }
        try result.get()
    }
}
