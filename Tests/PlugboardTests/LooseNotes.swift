import NotesContract
import Plugboard
import PlugboardProtocol
import PlugboardTestSupport
import Testing

/// The `notes` contract declared with ``LooseNote``: what an older host build might call it with.
@PluginContract("notes")
protocol LooseNotes: Sendable {
    func add(_ note: LooseNote) async throws -> NoteID
}
