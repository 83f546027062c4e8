/// Which SHA-256 digest each plugin file must have to be probed and started (docs/SECURITY.md, "Pinned plugins").
///
/// With pinning, a file whose digest differs, or that has no digest, is refused with
/// ``PluginError/Code/pinMismatch``, naming the file, the expected and the actual digest. The digest is taken
/// of the descriptor the launcher then executes, at every probe and every start, so a file replaced or changed
/// after registration is refused at its next start, and the capabilities cache never stands in for the check.
public struct Pinning: Sendable, Hashable {
    enum Source: Sendable, Hashable {
        case none
        case lockFile
        case digests([String: String])
    }

    let source: Source

    /// No check (the default).
    public static let none = Pinning(source: .none)

    /// The digests in the lock file beside the plugins, `DIR/plugboard.lock` (``PinLock``, written by
    /// `plugboard pin DIR`). A directory without one refuses every plugin.
    public static let lockFile = Pinning(source: .lockFile)

    /// These digests (lowercase or uppercase hex), by plugin file name; a file not named is refused.
    public static func digests(_ digests: [String: String]) -> Pinning {
        Pinning(source: .digests(digests.mapValues { $0.lowercased() }))
    }

    /// Whether files are checked at all.
    public var isEnabled: Bool { source != .none }

    /// The digests for the plugin files of `directory` (nil: unpinned), and where they come from for messages.
    func digests(for directory: String?) throws(PluginError) -> PinSet? {
        #if !Pinning
        if source != .none {
            throw PluginError(.pinMismatch, plugin: "", path: directory, message: "this build of Plugboard has no pinning: its `Pinning` package trait is off")
        }
        #endif
        switch source {
        case .none:
            return nil
        case .digests(let digests):
            return PinSet(digests: digests, origin: "the pinned digests in the options")
        case .lockFile:
            guard let directory else {
                throw PluginError(.pinMismatch, plugin: "", message: "pinning by lock file needs a plugin directory; pin a single file with Pinning.digests")
            }
            return PinSet(digests: try PinLock.read(directory: directory).digests, origin: PinLock.path(in: directory))
        }
    }
}
