#if canImport(Glibc)
import Glibc
#endif

/// One open file descriptor of this process, as `/proc/self/fd` shows it.
public struct OpenFileDescriptor: Sendable, Hashable, CustomStringConvertible {
    /// The descriptor's number.
    public var number: Int32
    /// What it refers to: a path, or `socket:[INODE]`, `pipe:[INODE]`, `anon_inode:[eventpoll]`, `anon_inode:[pidfd]`…
    public var target: String

    /// Creates an entry.
    public init(number: Int32, target: String) {
        self.number = number
        self.target = target
    }

    public var description: String { "fd \(number) → \(target)" }

    /// Every descriptor open in this process now, by number (not the one used to read the list).
    public static func current() -> [OpenFileDescriptor] {
        guard let directory = opendir("/proc/self/fd") else { return [] }
        defer { closedir(directory) }
        let own = dirfd(directory)
        var open: [OpenFileDescriptor] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            guard let number = Int32(name), number != own else { continue }
            var buffer = [CChar](repeating: 0, count: 4096)
            let count = readlink("/proc/self/fd/\(name)", &buffer, buffer.count - 1)
            // A descriptor closed between readdir and readlink is no longer open.
            guard count >= 0 else { continue }
            open.append(OpenFileDescriptor(number: number, target: String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)))
        }
        return open.sorted { $0.number < $1.number }
    }
}
