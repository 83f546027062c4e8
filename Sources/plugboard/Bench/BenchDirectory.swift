#if canImport(Glibc)
import Glibc
#endif

/// A temporary plugin directory of symbolic links to a built plugin, removed with ``remove()``.
struct BenchDirectory: Sendable {
    /// The directory's path.
    let path: String

    /// Makes a directory holding a link to `target` under each of `names`.
    ///
    /// - Throws: ``CommandFailure`` when the directory or a link cannot be made.
    init(linking target: String, as names: [String]) throws {
        var template = Array("/tmp/plugboard-bench-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw CommandFailure(message: "bench: cannot make a temporary directory: \(String(cString: strerror(errno)))")
        }
        path = String(cString: made)
        for name in names where symlink(target, "\(path)/\(name)") != 0 {
            let reason = String(cString: strerror(errno))
            FileBytes.removeTree(path)
            throw CommandFailure(message: "bench: cannot link \(target) as \(path)/\(name): \(reason)")
        }
    }

    /// Removes the links and the directory.
    func remove() { FileBytes.removeTree(path) }
}
