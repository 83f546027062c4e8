/// The digests one registration checks against.
struct PinSet: Sendable, Hashable {
    var digests: [String: String]
    /// The lock file's path, or "the pinned digests in the options".
    var origin: String

    /// Opens and hashes `path` (the file `name`); the open file when its digest is the pinned one.
    func check(name: String, path: String) throws(PluginError) -> PinnedFile {
        let file: PinnedFile
        do {
            file = try PinnedFile(path: path)
        } catch {
            throw PluginError(.pinMismatch, plugin: name, path: path, message: "cannot read the file to check its digest: \(error)")
        }
        guard let expected = digests[name] else {
            throw PluginError(.pinMismatch, plugin: name, path: path,
                              message: "not pinned: no digest for \(name) in \(origin) (its sha256 is \(file.digest)); refused")
        }
        guard expected == file.digest else {
            throw PluginError(.pinMismatch, plugin: name, path: path,
                              message: "digest mismatch: expected sha256 \(expected) (\(origin)), actual \(file.digest); refused")
        }
        return file
    }
}
