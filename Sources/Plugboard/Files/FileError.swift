#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file operation that failed, with the path and the system's reason.
public struct FileError: Error, Sendable, CustomStringConvertible {
    /// The path.
    public var path: String
    /// The errno value.
    public var errno: Int32

    /// The path and the system's reason, e.g. `/srv/plugins: No such file or directory`.
    public var description: String { "\(path): \(String(cString: strerror(errno)))" }
}
