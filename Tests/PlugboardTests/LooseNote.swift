import NotesContract
import Plugboard
import PlugboardProtocol
import PlugboardTestSupport
import Testing

/// The host's view of the `notes` contract as an older build might have it: `title` optional and `tags` numbers,
/// where the plugin's requires a title and strings. Same wire name and path, so calls reach the same endpoint.
struct LooseNote: Codable, Sendable {
    var title: String?
    var tags: [Int]
}
