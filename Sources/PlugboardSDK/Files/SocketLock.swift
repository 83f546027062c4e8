#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A lock file beside a Unix socket (`PATH.lock`) that holds the pid of the process serving it, and that this
/// process keeps an exclusive `flock` on for as long as it serves (PROTOCOL.md §5).
///
/// The lock, not the pid, says who owns the socket: the kernel drops it when its holder dies, however it dies, so
/// there is no window in which a second starter can read a half-written file or delete a live owner's lock, and a
/// stale file is taken over in place, never removed and made again (which two starters could interleave). The pid
/// stays in the file for hosts and for plugins that predate the lock (the Go framework's): a live pid in a file
/// nobody holds still refuses the socket.
struct SocketLock: Sendable {
    let socketPath: String
    /// The open lock file, with the `flock` on it; closed by ``release()``.
    private let fd: Int32
    var lockPath: String { socketPath + ".lock" }

    /// Takes the lock for `socketPath`: fails when another live process holds it (or, in a file that no one holds,
    /// names itself), takes over a lock whose owner is dead, and removes the socket file such an owner left.
    static func acquire(socketPath: String) throws(PluginRunError) -> SocketLock {
        let lockPath = socketPath + ".lock"
        for _ in 0..<3 {
            let fd = open(lockPath, O_CREAT | O_RDWR | O_CLOEXEC | O_NOFOLLOW, 0o600)
            guard fd >= 0 else {
                throw .files("cannot open lock file \(lockPath): \(String(cString: strerror(errno)))")
            }
            guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
                let reason = errno
                let owner = Self.pid(in: fd)
                close(fd)
                guard reason == EWOULDBLOCK else { throw .files("cannot lock \(lockPath): \(String(cString: strerror(reason)))") }
                throw .socketInUse(path: socketPath, pid: owner ?? 0)
            }
            // Locked, but maybe a file its last holder removed (or replaced) as it stopped: then lock the new one.
            guard Self.isCurrent(fd, at: lockPath) else {
                close(fd)
                continue
            }
            if let owner = Self.pid(in: fd), owner != getpid(), isAlive(owner) {
                close(fd)
                throw .socketInUse(path: socketPath, pid: owner)
            }
            let text = Array("\(getpid())\n".utf8)
            // A file taken over keeps the mode it was made with otherwise.
            guard fchmod(fd, 0o600) == 0, ftruncate(fd, 0) == 0, text.withUnsafeBytes({ pwrite(fd, $0.baseAddress, $0.count, 0) }) == text.count else {
                let reason = String(cString: strerror(errno))
                close(fd)
                throw .files("cannot write lock file \(lockPath): \(reason)")
            }
            // No live owner, so any socket file left here is stale.
            unlink(socketPath)
            return SocketLock(socketPath: socketPath, fd: fd)
        }
        throw .files("could not acquire lock file \(lockPath): it keeps being replaced")
    }

    /// Removes the socket and the lock file (still holding the lock, so no one can have taken them over), then
    /// drops the lock.
    func release() {
        if Self.isCurrent(fd, at: lockPath) {
            unlink(socketPath)
            unlink(lockPath)
        }
        close(fd)
    }

    /// The pid written in the open lock file, if it holds one.
    private static func pid(in fd: Int32) -> pid_t? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = pread(fd, &buffer, buffer.count, 0)
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[..<count], as: UTF8.self).filter { !$0.isWhitespace }
        guard let pid = pid_t(text), pid > 0 else { return nil }
        return pid
    }

    /// Whether `fd` is the file now at `path` (not one removed or renamed over since it was opened).
    private static func isCurrent(_ fd: Int32, at path: String) -> Bool {
        var open = stat()
        var named = stat()
        return fstat(fd, &open) == 0 && lstat(path, &named) == 0 && open.st_dev == named.st_dev && open.st_ino == named.st_ino
    }

    static func isAlive(_ pid: pid_t) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }
}
