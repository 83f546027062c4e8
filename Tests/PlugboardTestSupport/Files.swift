#if canImport(Glibc)
import Glibc
#endif

/// Small file helpers for tests.
public enum Files {
    /// Whether a path exists (without following a final symlink).
    public static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// The names in a directory, sorted.
    public static func list(_ directory: String) -> [String] {
        guard let dir = opendir(directory) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) } }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// Whether a process is alive (and not a zombie).
    public static func isAlive(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        // A zombie still answers kill(0); /proc/PID/stat's state field says Z.
        guard let stat = read("/proc/\(pid)/stat", limit: 512) else { return false }
        let text = String(decoding: stat, as: UTF8.self)
        guard let close = text.lastIndex(of: ")") else { return true }
        let state = text[text.index(after: close)...].dropFirst().first
        return state != "Z" && state != "X"
    }

    /// The first `limit` bytes of a file (a /proc entry, a small file a test checks), or nil if it cannot be read.
    /// Reads to the end: a /proc file comes a page per `read` (`/proc/net/tcp` past its first 4 KiB held the
    /// listener a test looked for once other tests had many sockets open).
    public static func read(_ path: String, limit: Int = 1 << 20) -> [UInt8]? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: limit)
        var total = 0
        while total < limit {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + total, limit - total) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            total += count
        }
        return total > 0 ? Array(buffer[..<total]) : nil
    }
}

extension Files {
    /// The pids of running (non-zombie) processes whose command line mentions `text`, e.g. a test's temp directory.
    public static func processes(mentioning text: String) -> [Int32] {
        list("/proc").compactMap(Int32.init).filter { pid in
            guard pid != getpid(), let cmdline = read("/proc/\(pid)/cmdline", limit: 8192) else { return false }
            let line = String(decoding: cmdline.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
            return line.contains(text) && isAlive(pid)
        }
    }
}
