#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few file-system operations the host needs, on POSIX calls.
enum FileSystem {
    /// What `stat` says about a file, following symlinks.
    struct Info: Sendable, Hashable {
        var size: Int64
        var modified: Int64
        var isRegular: Bool
        var isDirectory: Bool
        var inode: UInt64 = 0
        /// The status-change time (`ctime`), in nanoseconds: unlike `modified`, a user cannot set it back.
        var changed: Int64 = 0
        /// The device the file is on (an inode number is unique only within one).
        var device: UInt64 = 0
    }

    static func info(_ path: String) -> Info? {
        var buffer = stat()
        guard stat(path, &buffer) == 0 else { return nil }
        let mode = buffer.st_mode & S_IFMT
        #if canImport(Darwin)
        let (modified, changed) = (nanoseconds(buffer.st_mtimespec), nanoseconds(buffer.st_ctimespec))
        #else
        let (modified, changed) = (nanoseconds(buffer.st_mtim), nanoseconds(buffer.st_ctim))
        #endif
        return Info(
            size: Int64(buffer.st_size), modified: modified, isRegular: mode == S_IFREG, isDirectory: mode == S_IFDIR,
            inode: UInt64(buffer.st_ino), changed: changed, device: UInt64(buffer.st_dev)
        )
    }

    private static func nanoseconds(_ time: timespec) -> Int64 {
        Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }

    static func isExecutable(_ path: String) -> Bool { access(path, X_OK) == 0 }

    /// The names in a directory (no `.` and `..`), or the errno text.
    static func list(_ directory: String) -> Result<[String], FileError> {
        guard let dir = opendir(directory) else { return .failure(FileError(path: directory, errno: errno)) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return .success(names.sorted())
    }

    /// Reads a whole file of at most `limit` bytes; nil if it cannot be read or is larger.
    static func readSmallFile(_ path: String, limit: Int) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = read(fd, &chunk, chunk.count)
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { return nil }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[..<count])
            if bytes.count > limit { return nil }
        }
    }
}
