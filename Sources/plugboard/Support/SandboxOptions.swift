import ArgumentParser
import Plugboard

#if canImport(Glibc)
import Glibc
#endif

/// The sandbox flags of the commands that start plugins (docs/SECURITY.md).
struct SandboxOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Run plugins sandboxed: none, standard or strict (docs/SECURITY.md).", valueName: "PRESET"))
    var sandbox: SandboxPreset?

    @Option(name: .customLong("memory-limit"), help: ArgumentHelp("Sandbox: megabytes of memory the plugin and its processes may use.", valueName: "MB"))
    var memoryLimit: Int?

    @Option(name: .customLong("cpu-limit"), help: ArgumentHelp("Sandbox: seconds of CPU time the plugin process may use.", valueName: "SECONDS"))
    var cpuLimit: Double?

    @Option(name: .customLong("allow-read"), help: ArgumentHelp("Sandbox: a path the plugin may read beneath (repeatable).", valueName: "PATH"))
    var allowRead: [String] = []

    @Option(name: .customLong("allow-write"), help: ArgumentHelp("Sandbox: a path the plugin may write beneath (repeatable).", valueName: "PATH"))
    var allowWrite: [String] = []

    @Option(help: ArgumentHelp("Sandbox: the network the plugin may use: none, loopback or any.", valueName: "NETWORK"))
    var network: SandboxPolicy.Network?

    @Flag(name: .customLong("sandbox-required"), help: "Sandbox: refuse to start a plugin when the kernel lacks a protection the policy needs.")
    var required = false

    /// The policy the flags describe: without `--sandbox`, `preset` (none, or for `check` standard); a limit or
    /// path without `--sandbox` sandboxes with the standard preset.
    func policy(default preset: SandboxPreset = .off) throws -> SandboxPolicy {
        let individual = memoryLimit != nil || cpuLimit != nil || !allowRead.isEmpty || !allowWrite.isEmpty || network != nil || required
        var policy: SandboxPolicy
        switch sandbox ?? (preset == .off ? nil : preset) {
        case nil:
            guard individual else { return .disabled }
            policy = .standard
        case .off?:
            if individual {
                throw ValidationError("--memory-limit, --cpu-limit, --allow-read, --allow-write, --network and --sandbox-required need a sandbox: drop --sandbox none")
            }
            return .disabled
        case let preset?:
            policy = preset.policy
        }
        if let memoryLimit {
            guard memoryLimit > 0 else { throw ValidationError("--memory-limit takes a positive number of megabytes, got \(memoryLimit)") }
            policy.memoryLimit = memoryLimit << 20
        }
        if let cpuLimit {
            guard cpuLimit > 0 else { throw ValidationError("--cpu-limit takes a positive number of seconds, got \(cpuLimit)") }
            policy.cpuLimit = .milliseconds(Int((cpuLimit * 1000).rounded(.up)))
        }
        policy.readablePaths += try allowRead.map { try Self.absolute($0, flag: "--allow-read") }
        policy.writablePaths += try allowWrite.map { try Self.absolute($0, flag: "--allow-write") }
        if let network { policy.network = network }
        if required { policy.enforcement = .required }
        return policy
    }

    private static func absolute(_ path: String, flag: String) throws -> String {
        var absolute = path
        if !path.hasPrefix("/"), let directory = getcwd(nil, 0) {
            absolute = String(cString: directory) + "/" + path
            free(directory)
        }
        guard access(absolute, F_OK) == 0 else { throw ValidationError("\(flag) \(path): no such file or directory") }
        return absolute
    }
}
