/// Which protections a sandboxed plugin's process runs with, as the launcher applied them before exec.
public struct SandboxReport: Sendable, Hashable, CustomStringConvertible {
    /// The protections in force, e.g. `landlock-fs/7`, `landlock-net`, `seccomp`, `memory-watch`.
    public var applied: [String]
    /// The ones the policy asked for that the kernel lacks (only a best-effort policy starts without them).
    public var missing: [String]

    /// Creates a report.
    public init(applied: [String], missing: [String]) {
        self.applied = applied
        self.missing = missing
    }

    /// The prefix of the line the launcher prints on the plugin's stdout, before the plugin runs.
    static let linePrefix = "plugboard-sandbox: "

    /// Parses `plugboard-sandbox: applied=a,b missing=c` (`-` for none).
    init?(line: String) {
        guard line.hasPrefix(Self.linePrefix) else { return nil }
        var applied: [String]?, missing: [String]?
        for field in line.dropFirst(Self.linePrefix.count).split(separator: " ") {
            let parts = field.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            let values = parts[1] == "-" ? [] : parts[1].split(separator: ",").map(String.init)
            if parts[0] == "applied" { applied = values }
            if parts[0] == "missing" { missing = values }
        }
        guard let applied, let missing else { return nil }
        self.init(applied: applied, missing: missing)
    }

    /// `landlock-fs/7, seccomp; missing: cgroup`.
    public var description: String {
        let inForce = applied.isEmpty ? "nothing" : applied.joined(separator: ", ")
        return missing.isEmpty ? inForce : "\(inForce); missing: \(missing.joined(separator: ", "))"
    }
}
