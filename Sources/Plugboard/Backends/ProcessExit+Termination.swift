import Subprocess

extension ProcessExit {
    /// The exit of a reaped process.
    init(_ status: TerminationStatus, stderrTail: String, violation: SandboxViolation? = nil) {
        switch status {
        case .exited(let code): self.status = PluginExit(code: code, signal: nil, violation: violation)
        case .signaled(let signal): self.status = PluginExit(code: nil, signal: signal, violation: violation)
        }
        self.stderrTail = stderrTail
    }
}
