import NotesContract
import PlugboardSDK
import Synchronization

/// Notes kept in memory for as long as the plugin runs.
final class NoteStore: Notes {
    private let notes = Mutex<[Note]>([])

    func add(_ note: Note) async throws -> NoteID {
        NoteID(id: notes.withLock { notes in
            notes.append(note)
            return notes.count
        })
    }

    func list() async throws -> NoteList { NoteList(notes: notes.withLock { $0 }) }

    func clear() async throws { notes.withLock { $0.removeAll() } }
}
