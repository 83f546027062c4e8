#if canImport(Glibc)
import Glibc
#endif

/// Reads whole files for the command line.
enum FileBytes {
    static func read(_ path: String, limit: Int = 256 << 20) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = Glibc.read(fd, &chunk, chunk.count)
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { return nil }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[..<count])
            if bytes.count > limit { return nil }
        }
    }
}

extension FileBytes {
    /// Removes a directory and the entries directly inside it (links are removed, not followed).
    static func removeTree(_ directory: String) {
        if let dir = opendir(directory) {
            while let entry = readdir(dir) {
                let name = withUnsafePointer(to: entry.pointee.d_name) { $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) } }
                if name != "." && name != ".." { unlink("\(directory)/\(name)") }
            }
            closedir(dir)
        }
        rmdir(directory)
    }
}

extension FileBytes {
    /// The regular files under a directory, as paths relative to it, recursively (symlinks not followed).
    static func files(under directory: String, prefix: String = "") -> [String] {
        guard let dir = opendir(directory) else { return [] }
        defer { closedir(dir) }
        var result: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) } }
            guard name != "." && name != ".." else { continue }
            if entry.pointee.d_type == UInt8(DT_DIR) {
                result += files(under: "\(directory)/\(name)", prefix: "\(prefix)\(name)/")
            } else if entry.pointee.d_type == UInt8(DT_REG) {
                result.append(prefix + name)
            }
        }
        return result.sorted()
    }
}

extension FileBytes {
    /// All of standard input, up to `limit` bytes.
    static func readStandardInput(limit: Int = 256 << 20) -> [UInt8]? {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = Glibc.read(0, &chunk, chunk.count)
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { return nil }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[..<count])
            if bytes.count > limit { return nil }
        }
    }
}

extension FileBytes {
    /// Removes a directory and everything under it (links are removed, not followed).
    static func removeTreeRecursively(_ directory: String) {
        if let dir = opendir(directory) {
            var directories: [String] = []
            while let entry = readdir(dir) {
                let name = withUnsafePointer(to: entry.pointee.d_name) { $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) } }
                guard name != "." && name != ".." else { continue }
                if entry.pointee.d_type == UInt8(DT_DIR) { directories.append("\(directory)/\(name)") } else { unlink("\(directory)/\(name)") }
            }
            closedir(dir)
            for child in directories { removeTreeRecursively(child) }
        }
        rmdir(directory)
    }
}

extension FileBytes {
    /// Whether anything (a file, a socket, a link) is at `path`.
    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }
}
