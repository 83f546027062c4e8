#if canImport(Glibc)
import Glibc
#endif

/// A cgroup v2 group the host makes for one sandboxed process under ``SandboxPolicy/cgroupParent``: the launcher's
/// child joins it before exec, so the plugin and everything it starts are in it; `memory.max` is the policy's memory
/// limit, enforced by the kernel for the whole tree (`memory.oom.group`: an OOM kill takes all of it). After the exit
/// the host reads the peak memory, the CPU time and whether the OOM killer struck, kills what is left, and removes it.
struct CgroupPlacement: Sendable {
    let path: String
    let memoryLimit: Int?

    /// Makes the group `name` under `parent`, or says why it cannot.
    init(parent: String, name: String, memoryLimit: Int?) throws(SandboxError) {
        guard let controllers = Self.read("\(parent)/cgroup.controllers") else {
            throw SandboxError("cgroup: \(parent) is not a cgroup v2 directory (no cgroup.controllers)")
        }
        let delegated = (Self.read("\(parent)/cgroup.subtree_control") ?? "").split(whereSeparator: \.isWhitespace)
        guard delegated.contains("memory") else {
            throw SandboxError("cgroup: \(parent) does not give its children the memory controller (cgroup.subtree_control lists \"\(delegated.joined(separator: " "))\"; it has \"\(controllers)\")")
        }
        let path = "\(parent)/\(name)"
        guard mkdir(path, 0o755) == 0 else {
            throw SandboxError("cgroup: cannot make \(path): \(String(cString: strerror(errno)))")
        }
        self.path = path
        self.memoryLimit = memoryLimit
        if let memoryLimit {
            guard Self.write("\(memoryLimit)", to: "\(path)/memory.max") else {
                let reason = String(cString: strerror(errno))
                rmdir(path)
                throw SandboxError("cgroup: cannot set \(path)/memory.max: \(reason)")
            }
            _ = Self.write("1", to: "\(path)/memory.oom.group")
            _ = Self.write("0", to: "\(path)/memory.swap.max")
        }
    }

    /// After the exit: what the group used and whether the OOM killer ended it; then what is left in it is killed
    /// (``remove()`` waits for it to be gone).
    func measure() -> SandboxOutcome {
        var outcome = SandboxOutcome(report: "")
        let peak = Self.read("\(path)/memory.peak").flatMap { Int($0) }
        let cpu = Self.field("usage_usec", in: Self.read("\(path)/cpu.stat"))
        if let peak, let cpu { outcome.usage = SandboxUsage(peakMemory: peak, cpuTime: .microseconds(cpu)) }
        if let kills = Self.field("oom_kill", in: Self.read("\(path)/memory.events")), kills > 0, let memoryLimit {
            outcome.violation = SandboxViolation(limit: .memory, detail: "exceeded its memory limit of \(memoryLimit >> 20) MB (the kernel's OOM killer, in its cgroup)")
        }
        _ = Self.write("1", to: "\(path)/cgroup.kill")
        return outcome
    }

    /// Removes the group once the processes killed in it are gone (`rmdir` fails with EBUSY until then): tries every
    /// millisecond for up to 200 ms, sleeping between tries instead of blocking its thread (a cooperative thread, or
    /// with NIO's executor an event loop, that every plugin's I/O on it waited for), and goes on when its caller is
    /// cancelled: the directory must go.
    func remove() async {
        let deadline = ContinuousClock.now + .milliseconds(200)
        while rmdir(path) != 0, errno == EBUSY, ContinuousClock.now < deadline {
            // A task of its own, awaited here: the caller's cancellation does not cut its sleep short.
            await Task { try? await Task.sleep(for: .milliseconds(1)) }.value
        }
    }

    /// Removes a group no process joined (the start was refused): nothing to wait for.
    func discard() {
        _ = Self.write("1", to: "\(path)/cgroup.kill")
        rmdir(path)
    }

    private static func field(_ name: String, in text: String?) -> Int? {
        for line in (text ?? "").split(separator: "\n") {
            let parts = line.split(separator: " ")
            if parts.count == 2, parts[0] == name { return Int(parts[1]) }
        }
        return nil
    }

    private static func read(_ path: String) -> String? {
        FileSystem.readSmallFile(path, limit: 64 << 10).map { text in
            let string = String(decoding: text, as: UTF8.self)
            return string.hasSuffix("\n") ? String(string.dropLast()) : string
        }
    }

    private static func write(_ text: String, to path: String) -> Bool {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return text.withCString { Glibc.write(fd, $0, strlen($0)) } == text.utf8.count
    }
}
