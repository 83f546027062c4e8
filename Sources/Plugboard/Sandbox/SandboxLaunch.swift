import PlugboardProtocol

#if canImport(Glibc)
import Glibc
#endif

/// The files of one sandboxed process: a private directory (0700) the host makes before the spawn and removes
/// after the exit, holding the plugin's scratch directory (the only place beneath it the plugin may write) and the
/// file the launcher's watchdog writes the cause of an exit to (which the plugin therefore cannot forge).
///
/// The directory is a ``PrivateDirectory`` (`pb-sbx-XXXXXX`): the host holds its `.owner` lock while the plugin
/// runs, so a host killed with `kill -9` leaves one the next host removes, as it does the socket directories.
struct SandboxLaunch: Sendable {
    /// The directory's path.
    var directory: String { home.path }
    private let home: PrivateDirectory
    let spec: String
    let policy: SandboxPolicy
    /// The plugin's cgroup, when the policy names a parent the host may make groups in.
    let cgroup: CgroupPlacement?
    /// Protections the host could not set up (a best-effort policy starts without them): added to the launcher's
    /// report.
    let missing: [String]

    /// The prefix of the directories' names (in `TMPDIR`, or `/tmp`).
    static let prefix = "pb-sbx-"

    /// How the launcher's stderr line begins when it cannot apply the sandbox (then it exits 127).
    static let failurePrefix = "plugboard-launcher: sandbox: "

    var scratchDirectory: String { Self.scratch(in: directory) }
    var reportPath: String { Self.report(in: directory) }

    private static func scratch(in directory: String) -> String { directory + "/scratch" }
    private static func report(in directory: String) -> String { directory + "/exit" }

    /// Makes the directory and the spec for running `executable` under `policy`.
    init(policy: SandboxPolicy, executable: String, environment: [String: String], transport: TransportKind, socketDirectory: String?) throws(SandboxError) {
        if let problem = policy.problem() { throw SandboxError(problem) }
        guard let home = PrivateDirectory.make(prefix: Self.prefix) else {
            throw SandboxError("cannot make a private directory for the sandbox: \(String(cString: strerror(errno)))")
        }
        let directory = home.path
        guard mkdir(Self.scratch(in: directory), 0o700) == 0 else {
            let reason = String(cString: strerror(errno))
            home.remove()
            throw SandboxError("cannot make the sandbox's scratch directory: \(reason)")
        }
        var cgroup: CgroupPlacement?
        var missing: [String] = []
        if let parent = policy.cgroupParent {
            do {
                cgroup = try CgroupPlacement(parent: parent, name: String(directory.split(separator: "/").last ?? "pb-sbx"), memoryLimit: policy.memoryLimit)
            } catch {
                guard policy.enforcement == .bestEffort else {
                    home.remove()
                    throw SandboxError("the policy requires a cgroup: \(error)")
                }
                missing.append("cgroup")
            }
        }
        let searchPath = environment["PATH"] ?? getenv("PATH").map { String(cString: $0) } ?? "/usr/bin:/bin"
        let placement = SandboxPolicy.Placement(
            executable: executable, searchPath: searchPath, transport: transport, socketDirectory: socketDirectory,
            scratchDirectory: Self.scratch(in: directory), reportPath: Self.report(in: directory), cgroup: cgroup?.path
        )
        self.home = home
        self.policy = policy
        self.cgroup = cgroup
        self.missing = missing
        self.spec = policy.spec(for: placement)
    }

    /// The launcher's report with what the host could not set up.
    func completing(_ report: SandboxReport) -> SandboxReport {
        SandboxReport(applied: report.applied, missing: report.missing + missing)
    }

    /// After the process was reaped: what it used and the limit it passed, as the watchdog reported them; the
    /// directory and the cgroup removed.
    func finish() async -> SandboxOutcome {
        let text = FileSystem.readSmallFile(reportPath, limit: 4096).map { String(decoding: $0, as: UTF8.self) }
        home.remove()
        var outcome = SandboxOutcome(report: text ?? "")
        if let cgroup {
            let measured = cgroup.measure()
            // The group's figures cover the whole tree; its OOM kill is the kernel's word on the memory limit.
            outcome.usage = measured.usage ?? outcome.usage
            outcome.violation = measured.violation ?? outcome.violation
            await cgroup.remove()
        }
        return outcome
    }

    /// For a launch that never ran (its start was refused): the directory and the cgroup removed.
    func discard() {
        home.remove()
        cgroup?.discard()
    }
}
