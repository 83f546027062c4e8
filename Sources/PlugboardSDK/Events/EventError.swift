/// Why an event could not be sent to the host.
public enum EventError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The host does not listen for this event (or no host is connected).
    case noListener(name: String, listened: [String])
    /// The host has not read the events already queued.
    case hostNotKeepingUp(pending: Int)

    public var description: String {
        switch self {
        case .noListener(let name, let listened):
            return "no host is listening for event \"\(name)\"" + (listened.isEmpty ? "" : "; it listens for: \(listened.joined(separator: ", "))")
        case .hostNotKeepingUp(let pending):
            return "the host has not read the \(pending) events already queued"
        }
    }
}
