#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `plugboard.lock`, the lock file beside the plugins: one line per plugin file, `SHA256-HEX  NAME`, sorted by name,
/// the format of `sha256sum` (so `cd DIR && sha256sum -c plugboard.lock` checks it too). `#` starts a comment line.
public struct PinLock: Sendable, Hashable {
    /// The file's name in a plugin directory.
    public static let fileName = "plugboard.lock"

    /// The digests (lowercase hex) by plugin file name.
    public var digests: [String: String]

    /// A lock with these digests.
    public init(digests: [String: String]) {
        self.digests = digests
    }

    /// The lock file's path in `directory`.
    public static func path(in directory: String) -> String { "\(directory)/\(fileName)" }

    /// The lock file of `directory`; throws ``PluginError`` (code `pinMismatch`) naming the file and the line when
    /// it is missing or malformed.
    public static func read(directory: String) throws(PluginError) -> PinLock {
        let path = path(in: directory)
        guard let bytes = FileSystem.readSmallFile(path, limit: 4 << 20) else {
            throw PluginError(.pinMismatch, plugin: "", path: path, message: "cannot read the lock file \(path) (write it with `plugboard pin \(directory)`)")
        }
        var digests: [String: String] = [:]
        for (number, line) in String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.isEmpty || line.hasPrefix("#") { continue }
            let parts = line.split(separator: " ", maxSplits: 1)
            let name = parts.count == 2 ? String(parts[1].drop { $0 == " " || $0 == "*" }) : ""
            let digest = String(parts[0]).lowercased()
            guard digest.utf8.count == 64, digest.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }), !name.isEmpty, !name.contains("/") else {
                throw PluginError(.pinMismatch, plugin: "", path: path, message: "\(path) line \(number + 1) is not \"SHA256-HEX  NAME\": \"\(line)\"")
            }
            digests[name] = digest
        }
        return PinLock(digests: digests)
    }

    /// The lock file's text.
    public var text: String {
        "# plugboard.lock: the SHA-256 of each plugin file (plugboard pin / plugboard verify; sha256sum -c)\n"
            + digests.keys.sorted().map { "\(digests[$0]!)  \($0)\n" }.joined()
    }

    /// Writes the lock file into `directory` (through a temporary file renamed into place).
    public func write(directory: String) throws(FileError) {
        let path = Self.path(in: directory)
        let temporary = path + ".new"
        let fd = open(temporary, O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FileError(path: temporary, errno: errno) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        let error = errno
        close(fd)
        guard written == bytes.count else {
            unlink(temporary)
            throw FileError(path: temporary, errno: error)
        }
        guard rename(temporary, path) == 0 else { throw FileError(path: path, errno: errno) }
    }

    /// The SHA-256 of a file, lowercase hex.
    public static func digest(ofFile path: String) throws(FileError) -> String {
        try PinnedFile(path: path).digest
    }
}
