/// What a sandboxed plugin's process used over its life, as its launcher (or its cgroup) measured it.
public struct SandboxUsage: Sendable, Hashable, CustomStringConvertible {
    /// The most memory it had resident at once, in bytes (the process itself; with a cgroup, its whole tree).
    public var peakMemory: Int
    /// The CPU time it used, user and system.
    public var cpuTime: Duration

    /// Creates a usage record.
    public init(peakMemory: Int, cpuTime: Duration) {
        self.peakMemory = peakMemory
        self.cpuTime = cpuTime
    }

    /// "peak 42 MB, CPU 0.31 s".
    public var description: String {
        let (seconds, attoseconds) = cpuTime.components
        let milliseconds = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        return "peak \(peakMemory >> 20) MB, CPU \(milliseconds / 1000).\(String(milliseconds % 1000 / 10).leftPadded(to: 2)) s"
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
