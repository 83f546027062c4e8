import PlugboardProtocol

/// A three-method contract written with the macro alone: no hand-written client, routes or schema.
@PluginContract("notes")
public protocol Notes: Sendable {
    /// Stores a note and returns its id.
    func add(_ note: Note) async throws -> NoteID
    /// Every note, oldest first.
    @Endpoint(.get, "/notes")
    func list() async throws -> NoteList
    /// Forgets every note.
    @Endpoint(.delete, "/notes")
    func clear() async throws
}
