#if canImport(Glibc)
import Glibc
#endif

/// A child process of this process, live or a zombie (exited, not yet reaped: a leak if it stays), from
/// `/proc/PID/stat`.
public struct ChildProcess: Sendable, Hashable, CustomStringConvertible {
    /// Its process id.
    public var pid: Int32
    /// Its command name (the kernel's `comm`, at most 15 bytes): its executable's file name.
    public var command: String
    /// Its state letter: `R` running, `S` sleeping, `D` waiting on I/O, `T` stopped, `Z` zombie…
    public var state: Character

    /// Creates an entry.
    public init(pid: Int32, command: String, state: Character) {
        self.pid = pid
        self.command = command
        self.state = state
    }

    /// Whether it has exited and waits to be reaped.
    public var isZombie: Bool { state == "Z" }

    public var description: String { "pid \(pid) (\(command)) state \(state)\(isZombie ? " (zombie: exited, never reaped)" : "")" }

    /// Every child process of this process now, zombies included, by pid.
    public static func current() -> [ChildProcess] {
        let parent = getpid()
        return Files.list("/proc").compactMap(Int32.init).compactMap { pid -> ChildProcess? in
            // `PID (COMM) STATE PPID …`; COMM may hold spaces and parentheses, so split after the last `)`.
            guard let bytes = Files.read("/proc/\(pid)/stat", limit: 1024) else { return nil }
            let stat = String(decoding: bytes, as: UTF8.self)
            guard let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")") else { return nil }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count >= 2, let state = fields[0].first, Int32(fields[1]) == parent else { return nil }
            return ChildProcess(pid: pid, command: String(stat[stat.index(after: open)..<close]), state: state)
        }.sorted { $0.pid < $1.pid }
    }
}
