#if canImport(Glibc)
import Glibc
#endif

extension FileSystem {
    /// Where the host's private directories go: `$TMPDIR` when set and short (socket paths must fit `sun_path`),
    /// else `/tmp`.
    static var temporaryBase: String {
        getenv("TMPDIR").map { String(cString: $0) }.flatMap { !$0.isEmpty && $0.utf8.count <= 40 ? $0 : nil } ?? "/tmp"
    }

    /// Makes a private (0700) directory in ``temporaryBase``, named `prefix` and six random characters; nil when it
    /// cannot be made.
    static func makeTemporaryDirectory(prefix: String) -> String? {
        var template = Array("\(temporaryBase)/\(prefix)XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else { return nil }
        return String(cString: made)
    }

    /// Removes a directory with everything beneath it, without following symbolic links (a plugin's scratch
    /// directory may hold anything the plugin made, links to the host's files included).
    static func removeTree(_ path: String) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else {
            unlink(path)
            return
        }
        removeContents(of: fd, depth: 0)
        close(fd)
        rmdir(path)
    }

    private static func removeContents(of directory: Int32, depth: Int) {
        guard depth < 64, let handle = fdopendir(dup(directory)) else { return }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        for name in names {
            if unlinkat(directory, name, 0) == 0 { continue }
            let child = openat(directory, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard child >= 0 else { continue }
            removeContents(of: child, depth: depth + 1)
            close(child)
            unlinkat(directory, name, AT_REMOVEDIR)
        }
    }
}
