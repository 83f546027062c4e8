import PlugboardProtocol

/// A stored note's id.
public struct NoteID: Codable, Sendable, Hashable {
    /// The id, from 1.
    public var id: Int
    /// Wraps an id.
    public init(id: Int) { self.id = id }
}
