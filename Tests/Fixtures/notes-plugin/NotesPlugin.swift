import NotesContract
import PlugboardSDK
import Synchronization

@main
struct NotesPlugin: PluginMain {
    static var plugin: Plugin {
        var plugin = Plugin(name: "notes-plugin")
        plugin.serve(NotesContract.self, type: "memory", NoteStore())
        return plugin
    }
}
