/// A process's memory, from `/proc/PID/smaps_rollup` (all in kB).
struct ProcessMemory: Sendable {
    /// Resident set size: every page the process has in memory, shared ones counted in full.
    var resident: Double
    /// Proportional set size: each shared page divided by the number of processes mapping it.
    var proportional: Double
    /// Private dirty pages: memory only this process has written (heap, stacks, relocated data), what it costs
    /// the machine beyond the file-backed pages every instance shares. (Private *clean* pages are file pages no
    /// other process happens to map yet: a lone instance's whole binary.)
    var privateDirty: Double
    /// Anonymous pages (heap, stacks): what is not backed by a file.
    var anonymous: Double

    /// Reads `/proc/PID/smaps_rollup`; nil when the process or a line is missing.
    static func of(pid: Int32) -> ProcessMemory? {
        guard let bytes = FileBytes.read("/proc/\(pid)/smaps_rollup", limit: 1 << 20) else { return nil }
        var values: [Substring: Double] = [:]
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
            let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard parts.count >= 2, parts[0].hasSuffix(":"), let value = Double(parts[1]) else { continue }
            values[parts[0].dropLast()] = value
        }
        guard let rss = values["Rss"], let pss = values["Pss"], let dirty = values["Private_Dirty"],
              let anonymous = values["Anonymous"] else { return nil }
        return ProcessMemory(resident: rss, proportional: pss, privateDirty: dirty, anonymous: anonymous)
    }
}
