import PlugboardProtocol

/// The body answered by `GET /notes`.
public struct NoteList: Codable, Sendable, Hashable {
    /// The notes, oldest first.
    public var notes: [Note]
    /// Creates a list.
    public init(notes: [Note]) { self.notes = notes }
}
