/// Reads a process's memory figures from `/proc/PID/status`.
enum ProcessMemory {
    /// The resident set size (VmRSS) of `pid` in kB, or nil when the process or the line is missing.
    static func residentKilobytes(of pid: Int32) -> Int? {
        guard let bytes = FileBytes.read("/proc/\(pid)/status", limit: 1 << 20) else { return nil }
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return Int(line.dropFirst("VmRSS:".count).split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? "")
        }
        return nil
    }
}
