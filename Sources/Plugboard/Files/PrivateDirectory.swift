#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A private (0700) directory of the host's, with a short path (sun_path holds 108 bytes), and the lock that says
/// its owner is alive: the socket directory, and each sandboxed plugin's directory (``SandboxLaunch``).
///
/// The directory holds `.owner`, a file the host keeps open with an exclusive `flock` for as long as it lives: the
/// kernel drops the lock when the host dies, however it dies. Before making its own directory, a host removes every
/// directory with its prefix whose `.owner` it can lock, i.e. whose host is dead (a `kill -9` leaves one behind).
/// A lock, not the owner's pid: a pid may be reused, and another pid namespace (a container sharing `/tmp`) has
/// other pids, but both see the same lock. A directory whose `.owner` does not exist yet is never removed: `.owner`
/// is locked under a temporary name and renamed into place.
struct PrivateDirectory: Sendable {
    /// The directory's path.
    let path: String
    /// The open, locked `.owner` file (close-on-exec).
    private let ownerFD: Int32

    static let ownerName = ".owner"

    /// Removes stale directories with `prefix`, then makes a new one; nil when it cannot be made.
    static func make(prefix: String) -> PrivateDirectory? {
        removeStale(in: FileSystem.temporaryBase, prefix: prefix)
        guard let path = FileSystem.makeTemporaryDirectory(prefix: prefix) else { return nil }
        let temporary = "\(path)/.owner-new"
        let fd = open(temporary, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            rmdir(path)
            return nil
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0, rename(temporary, "\(path)/\(ownerName)") == 0 else {
            close(fd)
            FileSystem.removeTree(path)
            return nil
        }
        return PrivateDirectory(path: path, ownerFD: fd)
    }

    /// Removes the directory and everything beneath it (not following links), and drops the lock.
    func remove() {
        FileSystem.removeTree(path)
        close(ownerFD)
    }

    /// Removes the directories in `base` named `prefix` + 6 characters (`mkdtemp`'s) whose `.owner` can be locked.
    /// Returns their paths.
    @discardableResult
    static func removeStale(in base: String, prefix: String) -> [String] {
        guard case .success(let names) = FileSystem.list(base) else { return [] }
        var removed: [String] = []
        for name in names where name.hasPrefix(prefix) && name.utf8.count == prefix.utf8.count + 6 {
            let directory = "\(base)/\(name)"
            var info = stat()
            guard lstat(directory, &info) == 0, info.st_mode & S_IFMT == S_IFDIR, info.st_uid == getuid() else { continue }
            let fd = open("\(directory)/\(ownerName)", O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
            guard fd >= 0 else { continue }
            defer { close(fd) }
            guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { continue }
            FileSystem.removeTree(directory)
            removed.append(directory)
        }
        return removed
    }
}
