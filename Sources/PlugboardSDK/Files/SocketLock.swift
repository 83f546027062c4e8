#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A lock file beside a Unix socket (`PATH.lock`) that holds the pid of the process serving it.
///
/// Acquiring it creates the file exclusively. If it already exists, the pid inside decides: a live process keeps
/// the socket (acquiring fails with a message naming the pid); a dead one, or a lock with no valid pid, is stale and
/// is removed together with the socket before trying again.
struct SocketLock: Sendable {
    let socketPath: String
    var lockPath: String { socketPath + ".lock" }

    /// Creates the lock file for `socketPath`, cleaning up after a dead owner.
    static func acquire(socketPath: String) throws(PluginRunError) -> SocketLock {
        let lock = SocketLock(socketPath: socketPath)
        for _ in 0..<3 {
            let fd = open(lock.lockPath, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
            if fd >= 0 {
                let text = "\(getpid())\n"
                _ = text.withCString { write(fd, $0, strlen($0)) }
                close(fd)
                // No live owner holds the lock, so any socket file left here is stale.
                unlink(socketPath)
                return lock
            }
            guard errno == EEXIST else {
                throw .files("cannot create lock file \(lock.lockPath): \(String(cString: strerror(errno)))")
            }
            if let owner = lock.owner(), owner != getpid(), Self.isAlive(owner) {
                throw .socketInUse(path: socketPath, pid: owner)
            }
            // Stale: the owner is dead or the file holds no pid.
            unlink(lock.lockPath)
            unlink(socketPath)
        }
        throw .files("could not acquire lock file \(lock.lockPath): it keeps reappearing")
    }

    /// The pid written in the lock file, if it holds one.
    func owner() -> pid_t? {
        let fd = open(lockPath, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = read(fd, &buffer, buffer.count)
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[..<count], as: UTF8.self).filter { !$0.isWhitespace }
        guard let pid = pid_t(text), pid > 0 else { return nil }
        return pid
    }

    /// Removes the socket and the lock file, if the lock is still ours.
    func release() {
        if owner() == getpid() || owner() == nil {
            unlink(socketPath)
            unlink(lockPath)
        }
    }

    static func isAlive(_ pid: pid_t) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }
}
