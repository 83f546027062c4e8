import PlugboardProtocol

/// One note.
public struct Note: Codable, Sendable, Hashable {
    /// Required.
    public var title: String
    /// Optional.
    public var body: String?
    /// Free-form labels.
    public var tags: [String]

    /// Creates a note.
    public init(title: String, body: String? = nil, tags: [String] = []) {
        self.title = title
        self.body = body
        self.tags = tags
    }
}

/// A stored note's id.
public struct NoteID: Codable, Sendable, Hashable {
    /// The id, from 1.
    public var id: Int
    /// Wraps an id.
    public init(id: Int) { self.id = id }
}

/// The body answered by `GET /notes`.
public struct NoteList: Codable, Sendable, Hashable {
    /// The notes, oldest first.
    public var notes: [Note]
    /// Creates a list.
    public init(notes: [Note]) { self.notes = notes }
}
