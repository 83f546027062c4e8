/// What a plugin process may touch: files, network, memory, CPU time and processes (docs/SECURITY.md).
///
/// The host applies it between fork and exec, in `plugboard-launcher`, before any plugin code runs. Beyond what a
/// policy lists, a sandboxed plugin may always read and execute its own executable, the libraries and interpreter it
/// needs, and read and write its private socket directory and a private scratch directory (`TMPDIR` and
/// `PLUGBOARD_SCRATCH` point there; it is removed when the process ends).
///
/// ```swift
/// var options = RegistrationOptions()
/// options.sandbox = .standard
/// options.sandbox.memoryLimit = 256 << 20
/// options.sandbox.readablePaths.append("/srv/data")
/// options.sandboxOverrides["legacy-tool"] = .disabled
/// ```
public struct SandboxPolicy: Sendable, Hashable {
    /// Whether the plugin runs sandboxed at all. `false` is ``disabled``: the plugin runs as before.
    public var isEnabled: Bool
    /// Whether a missing mechanism stops the start.
    public var enforcement: Enforcement
    /// Paths the plugin may read (and execute) beneath, beyond the always-allowed ones. Must exist.
    public var readablePaths: [String]
    /// Paths the plugin may read, write, create and remove beneath. Must exist.
    public var writablePaths: [String]
    /// Whether the system's shared software and configuration are readable: `/usr`, `/etc`'s files that programs
    /// read at start (not `/etc` itself), `/proc`, `/sys`. `false` leaves only the libraries the executable needs.
    public var readsSystem: Bool
    /// The network it may use.
    public var network: Network
    /// With ``Network/loopback``: the only TCP ports it may connect to (empty: any port).
    public var connectPorts: [UInt16]
    /// The most memory (bytes) the plugin and every process it starts may have resident together; past it the
    /// process tree is killed and the exit says so. `nil`: no limit.
    public var memoryLimit: Int?
    /// The most CPU time the plugin process may use over its whole life (RLIMIT_CPU); past it the kernel ends it
    /// and the exit says "CPU limit". `nil`: no limit. Plugins are long-lived: this suits short jobs.
    public var cpuLimit: Duration?
    /// The largest address space (RLIMIT_AS, virtual memory, reservations included). `nil`: no limit.
    public var addressSpaceLimit: Int?
    /// The most open files (RLIMIT_NOFILE). `nil`: the host's limit.
    public var openFiles: Int?
    /// The most processes the plugin's tree may have (the plugin included); past it the tree is killed. `0`: no
    /// process but the plugin itself (refused by seccomp: `fork` fails with EPERM). `nil`: no limit.
    public var processLimit: Int?
    /// Refuse the dangerous system calls listed in SECURITY.md (ptrace, mount, kexec, bpf, …) with EPERM.
    public var deniesDangerousCalls: Bool
    /// A cgroup v2 directory the host may create child groups in (delegated to it, with the `memory` and `cpu`
    /// controllers enabled for children): the memory limit is then the kernel's `memory.max` for the plugin and
    /// all its children, and its peak memory and CPU are read back. `nil`: no cgroup; the launcher's watchdog
    /// enforces the memory limit.
    public var cgroupParent: String?

    /// Creates a policy; every field has the default of ``standard``.
    public init(
        isEnabled: Bool = true,
        enforcement: Enforcement = .bestEffort,
        readablePaths: [String] = [],
        writablePaths: [String] = [],
        readsSystem: Bool = true,
        network: Network = .loopback,
        connectPorts: [UInt16] = [],
        memoryLimit: Int? = 2 << 30,
        cpuLimit: Duration? = nil,
        addressSpaceLimit: Int? = nil,
        openFiles: Int? = 4096,
        processLimit: Int? = 256,
        deniesDangerousCalls: Bool = true,
        cgroupParent: String? = nil
    ) {
        self.isEnabled = isEnabled
        self.enforcement = enforcement
        self.readablePaths = readablePaths
        self.writablePaths = writablePaths
        self.readsSystem = readsSystem
        self.network = network
        self.connectPorts = connectPorts
        self.memoryLimit = memoryLimit
        self.cpuLimit = cpuLimit
        self.addressSpaceLimit = addressSpaceLimit
        self.openFiles = openFiles
        self.processLimit = processLimit
        self.deniesDangerousCalls = deniesDangerousCalls
        self.cgroupParent = cgroupParent
    }

    /// No sandbox (the CLI's `--sandbox none`): the plugin runs as the host's user with the host's rights
    /// (Plugboard's behaviour before). Not called `none`: in an optional context (`sandboxOverrides[name] = .none`)
    /// that would be `Optional.none`.
    public static let disabled = SandboxPolicy(isEnabled: false)

    /// For third-party plugins: the system readable, nothing of the user's (no home directory, no `/etc/hostname`,
    /// no project files) unless listed; TCP only (no UDP, no raw sockets), no server ports; 2 GiB of memory, 256
    /// processes, 4,096 files; no capabilities, no new privileges, no dangerous calls, no core dumps; no signals to
    /// processes outside the sandbox, no abstract Unix sockets outside it. Best effort: it starts on any kernel and
    /// says what is in force.
    public static let standard = SandboxPolicy()

    /// For plugins that compute: no network, no file but the always-allowed ones, 512 MiB, 32 processes (enough
    /// for an interpreter's wrapper scripts, such as pyenv's shims; ``processLimit`` `0` allows none).
    /// Required: a kernel without Landlock's network rules refuses to start it.
    public static let strict = SandboxPolicy(
        enforcement: .required,
        readsSystem: false,
        network: .none,
        memoryLimit: 512 << 20,
        openFiles: 1024,
        processLimit: 32
    )

    /// The preset with this name: `none`, `standard` or `strict`.
    public static func preset(named name: String) -> SandboxPolicy? {
        switch name {
        case "none": return SandboxPolicy.disabled
        case "standard": return .standard
        case "strict": return .strict
        default: return nil
        }
    }
}
