import Subprocess

extension ProcessExit {
    /// The exit of a reaped process.
    init(_ status: TerminationStatus, stderrTail: String, sandbox outcome: SandboxOutcome? = nil) {
        switch status {
        case .exited(let code): self.status = PluginExit(code: code, signal: nil, violation: outcome?.violation)
        case .signaled(let signal): self.status = PluginExit(code: nil, signal: signal, violation: outcome?.violation)
        }
        self.status.usage = outcome?.usage
        self.stderrTail = stderrTail
    }
}
