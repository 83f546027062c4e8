#if canImport(Glibc)
import Glibc
#endif

/// The processes of `/proc`, read for `plugboard check`: command lines and liveness.
enum ProcessTable {
    struct Entry {
        var pid: Int32
        var arguments: [String]
    }

    /// The processes whose process group is `group` (a plugin is the leader of a group of its own), with their
    /// command lines.
    static func group(_ group: Int32) -> [Entry] {
        guard let directory = opendir("/proc") else { return [] }
        defer { closedir(directory) }
        var entries: [Entry] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) } }
            guard let pid = Int32(name), let fields = statFields(pid), fields.count > 2, Int32(fields[2]) == group else { continue }
            let arguments = FileBytes.read("/proc/\(pid)/cmdline", limit: 1 << 20).map { bytes in
                bytes.split(separator: 0, omittingEmptySubsequences: false).dropLast().map { String(decoding: $0, as: UTF8.self) }
            } ?? []
            entries.append(Entry(pid: pid, arguments: arguments))
        }
        return entries.sorted { $0.pid < $1.pid }
    }

    /// The process group of `pid` (a plugin runs in the group of the launcher that started it).
    static func processGroup(of pid: Int32) -> Int32? {
        statFields(pid).flatMap { $0.count > 2 ? Int32($0[2]) : nil }
    }

    /// Whether `pid` is a live process (a zombie has exited: it only waits to be reaped).
    static func isRunning(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0 || errno == EPERM else { return false }
        return statFields(pid).map { $0.first != "Z" } ?? false
    }

    /// What a process that should have ended is doing, for a check's failure message: its state and, per thread, the
    /// kernel function it waits in (`/proc/PID/task/TID/wchan`), e.g. "pid 41 (python3) is sleeping; its 3 threads wait in
    /// futex_wait_queue ×2, pipe_write". Nil when the process is gone.
    static func describe(_ pid: Int32) -> String? {
        guard let fields = statFields(pid), let state = fields.first else { return nil }
        let name = FileBytes.read("/proc/\(pid)/comm", limit: 64).flatMap { String(decoding: $0, as: UTF8.self).split(separator: "\n").first.map(String.init) } ?? "?"
        var waits: [String: Int] = [:]
        var threads = 0
        if let directory = opendir("/proc/\(pid)/task") {
            defer { closedir(directory) }
            while let entry = readdir(directory) {
                let task = withUnsafePointer(to: entry.pointee.d_name) { $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) } }
                guard Int32(task) != nil else { continue }
                threads += 1
                let wchan = FileBytes.read("/proc/\(pid)/task/\(task)/wchan", limit: 128).map { String(decoding: $0, as: UTF8.self) } ?? ""
                waits[wchan.isEmpty || wchan == "0" ? "running" : wchan, default: 0] += 1
            }
        }
        let listed = waits.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .map { $0.value > 1 ? "\($0.key) ×\($0.value)" : $0.key }
        let states: [Substring: String] = ["R": "running", "S": "sleeping", "D": "in an uninterruptible wait", "T": "stopped", "t": "stopped by a tracer", "Z": "a zombie"]
        return "pid \(pid) (\(name)) is \(states[state] ?? String(state)); its \(threads) thread\(threads == 1 ? "" : "s") wait in \(listed.joined(separator: ", "))"
    }

    /// The fields of `/proc/PID/stat` after the command name: state, ppid, pgrp, ….
    private static func statFields(_ pid: Int32) -> [Substring]? {
        guard let bytes = FileBytes.read("/proc/\(pid)/stat", limit: 4096) else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        guard let close = text.lastIndex(of: ")") else { return nil }
        return text[text.index(after: close)...].split(separator: " ")
    }
}
