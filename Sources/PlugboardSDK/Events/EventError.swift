/// Why an event could not be sent to the host.
///
/// A struct with a ``Code`` rather than an enum (as the host's `PluginError`), so that a later version can add a
/// reason without breaking code that matches these: compare ``code`` with `==`, or `switch` over it with a
/// `default`.
public struct EventError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure an ``EventError`` is.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case noListener, hostNotKeepingUp
        }

        private let base: Base

        private init(_ base: Base) { self.base = base }

        /// The code's name, e.g. `noListener`.
        public var description: String { base.rawValue }

        /// The host does not listen for this event (or no host is connected).
        public static let noListener = Code(.noListener)
        /// The host has not read the events already queued.
        public static let hostNotKeepingUp = Code(.hostNotKeepingUp)
    }

    /// What kind of failure it is.
    public var code: Code
    /// The event's name.
    public var name: String
    /// The events the host listens for (with ``Code/noListener``), sorted.
    public var listened: [String]
    /// How many events wait for the host (with ``Code/hostNotKeepingUp``).
    public var pending: Int

    /// Creates an error.
    public init(_ code: Code, name: String, listened: [String] = [], pending: Int = 0) {
        self.code = code
        self.name = name
        self.listened = listened
        self.pending = pending
    }

    /// The host does not listen for `name` (or no host is connected); it listens for `listened`.
    public static func noListener(name: String, listened: [String]) -> EventError {
        EventError(.noListener, name: name, listened: listened)
    }

    /// The host has not read the `pending` events already queued, so `name` was not queued.
    public static func hostNotKeepingUp(name: String, pending: Int) -> EventError {
        EventError(.hostNotKeepingUp, name: name, pending: pending)
    }

    /// What went wrong, in one line.
    public var description: String {
        switch code {
        case .noListener:
            return "no host is listening for event \"\(name)\"" + (listened.isEmpty ? "" : "; it listens for: \(listened.joined(separator: ", "))")
        default:
            return "the host has not read the \(pending) events already queued"
        }
    }
}
