/// How a sandboxed process ended, from the watchdog's report file.
struct SandboxOutcome: Sendable, Hashable {
    var usage: SandboxUsage?
    var violation: SandboxViolation?

    /// Parses `usage peak-kb=N cpu-us=N` and an optional `cause=…` line.
    init(report text: String) {
        for line in text.split(separator: "\n").map(String.init) {
            if line.hasPrefix("usage ") {
                var fields: [String: Int] = [:]
                for field in line.dropFirst("usage ".count).split(separator: " ") {
                    let parts = field.split(separator: "=", maxSplits: 1)
                    if parts.count == 2, let value = Int(parts[1]) { fields[String(parts[0])] = value }
                }
                if let peak = fields["peak-kb"], let cpu = fields["cpu-us"], peak >= 0, cpu >= 0 {
                    usage = SandboxUsage(peakMemory: peak << 10, cpuTime: .microseconds(cpu))
                }
            } else if let violation = SandboxViolation(reportLine: line) {
                self.violation = violation
            }
        }
    }
}
