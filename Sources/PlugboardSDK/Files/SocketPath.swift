#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Chooses where a plugin's Unix socket lives.
enum SocketPath {
    /// The longest path a `sockaddr_un` holds on Linux, less the terminating NUL.
    static let maxLength = 107

    /// `DIR/plugboard-ID.sock`, where DIR is the host's `socketDirectory`, else the configured directory, else
    /// `$TMPDIR`, else `/tmp`. The id is sanitised: anything outside `[A-Za-z0-9._-]` becomes `_`.
    static func make(id: String, hostDirectory: String?, configuredDirectory: String?) throws(PluginRunError) -> String {
        let environment = getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
        let directory = hostDirectory ?? configuredDirectory ?? environment ?? "/tmp"
        let safe = String(id.unicodeScalars.map { scalar -> Character in
            let ok = scalar.value < 128 && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "." || scalar == "_" || scalar == "-")
            return ok ? Character(scalar) : "_"
        })
        guard !safe.isEmpty else { throw .badConfig("id is empty; it names the socket file") }
        var trimmed = directory
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        let path = "\(trimmed)/plugboard-\(safe).sock"
        guard path.utf8.count <= maxLength else {
            throw .badConfig("socket path \(path) is \(path.utf8.count) bytes; a Unix socket path holds at most \(maxLength)")
        }
        return path
    }
}
