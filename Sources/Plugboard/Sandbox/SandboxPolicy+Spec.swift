import PlugboardProtocol

extension SandboxPolicy {
    /// Where one sandboxed process runs: what the spec adds to the policy's own paths.
    struct Placement: Sendable, Hashable {
        var executable: String
        /// The `PATH` the plugin runs with, for finding a script's interpreter.
        var searchPath: String
        var transport: TransportKind
        var socketDirectory: String?
        var scratchDirectory: String
        var reportPath: String
        var cgroup: String?
    }

    /// What every sandboxed program reads to start: the dynamic loader's cache and the system's library
    /// directories (a library the ELF headers do not name is still found there).
    static let libraryPaths = [
        "/lib", "/lib64", "/lib32", "/libx32", "/usr/lib", "/usr/lib64", "/usr/lib32", "/usr/libexec",
        "/etc/ld.so.cache", "/etc/ld.so.preload",
    ]

    /// With ``readsSystem``: shared software, the configuration programs read at start, and the kernel's views.
    static let systemPaths = [
        "/usr", "/bin", "/sbin",
        "/etc/localtime", "/etc/timezone", "/etc/ssl", "/etc/ca-certificates", "/etc/pki", "/etc/resolv.conf",
        "/etc/hosts", "/etc/nsswitch.conf", "/etc/gai.conf", "/etc/services", "/etc/protocols", "/etc/passwd",
        "/etc/group", "/etc/mime.types", "/etc/ld.so.conf", "/etc/ld.so.conf.d",
        "/sys",
    ]

    /// Devices every sandboxed program may read (randomness, zeros), `/proc`, and the CPU topology.
    ///
    /// `/proc` whole, read-only: runtimes read their own `/proc/self/...` (Swift its arguments and memory map), and a
    /// rule on `/proc/self` does not hold, because procfs makes a process's directory anew when it is looked up
    /// again (a Swift plugin then trapped now and then at start). Other processes' sensitive files (`environ`,
    /// `maps`, `mem`) stay refused: Landlock denies ptrace-mode access outside the sandbox, and the plugin has no
    /// capabilities. Without the CPU count glibc reads from `/sys/devices/system/cpu`, runtimes size themselves
    /// wrongly.
    static let alwaysReadable = [
        "/dev/urandom", "/dev/random", "/dev/zero", "/dev/full", "/proc", "/sys/devices/system/cpu", "/etc/localtime",
    ]

    /// The text `plugboard-launcher --sandbox` reads (`include/plugboard_sandbox.h`, SECURITY.md).
    func spec(for placement: Placement) -> String {
        var items = ["v=1", "mode=\(enforcement.rawValue)", "nnp", "caps=drop", "core=0"]
        func add(_ key: String, _ value: String) { items.append("\(key)=\(Self.escape(value))") }
        var readable = Self.libraryPaths + Self.alwaysReadable
        readable += ExecutableDependencies(of: placement.executable, searchPath: placement.searchPath).readable
        if readsSystem { readable += Self.systemPaths }
        readable += readablePaths
        var seen = Set<String>()
        for path in readable where seen.insert(path).inserted { add("read", path) }
        var writable = ["/dev/null", placement.scratchDirectory] + writablePaths
        if let directory = placement.socketDirectory { writable.append(directory) }
        seen = []
        for path in writable where seen.insert(path).inserted { add("write", path) }
        switch network.base {
        case .none:
            add("net", "none")
            if placement.transport == .tcp {
                add("inet", "stream")
                add("bind", "0")
            } else {
                add("inet", "none")
            }
        case .loopback:
            add("net", "loopback")
            add("inet", "stream")
            add("bind", "0")
            for port in connectPorts { add("connect", "\(port)") }
        case .any:
            break
        }
        items.append("scope=abstract,signal")
        if deniesDangerousCalls { items.append("seccomp=deny") }
        if let memoryLimit { add("memory", "\(memoryLimit)") }
        if let addressSpaceLimit { add("as", "\(addressSpaceLimit)") }
        if let cpuLimit {
            let (seconds, attoseconds) = cpuLimit.components
            add("cpu", "\(max(1, seconds + (attoseconds > 0 ? 1 : 0)))")
        }
        if let openFiles { add("nofile", "\(openFiles)") }
        switch processLimit {
        case 0?: items.append("noproc")
        case let limit?: add("nproc", "\(limit)")
        case nil: break
        }
        if let cgroup = placement.cgroup { add("cgroup", cgroup) }
        add("report", placement.reportPath)
        return items.joined(separator: ";")
    }

    /// Percent-encodes the spec's separators.
    static func escape(_ value: String) -> String {
        var out = ""
        for character in value.unicodeScalars {
            switch character {
            case "%": out += "%25"
            case ";": out += "%3B"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    /// What is wrong with the policy itself, before any process: a listed path that does not exist, a limit that
    /// cannot be right. Nil when it is fine.
    func problem() -> String? {
        for path in readablePaths + writablePaths {
            guard path.hasPrefix("/") else { return "sandbox path \(path) is not absolute" }
            if FileSystem.info(path) == nil { return "sandbox path \(path) does not exist" }
        }
        if let parent = cgroupParent, !parent.hasPrefix("/") { return "cgroup parent \(parent) is not absolute" }
        if let memoryLimit, memoryLimit < 1 << 20 { return "memory limit \(memoryLimit) bytes is below 1 MB" }
        if let cpuLimit, cpuLimit <= .zero { return "CPU limit \(cpuLimit) is not positive" }
        if let processLimit, processLimit < 0 { return "process limit \(processLimit) is negative" }
        if let openFiles, openFiles < 16 { return "open-file limit \(openFiles) is below 16" }
        return nil
    }
}
