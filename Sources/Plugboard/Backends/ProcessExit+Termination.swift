import Subprocess

extension ProcessExit {
    /// The exit of a reaped process.
    init(_ status: TerminationStatus, stderrTail: String) {
        switch status {
        case .exited(let code): self.status = PluginExit(code: code, signal: nil)
        case .signaled(let signal): self.status = PluginExit(code: nil, signal: signal)
        }
        self.stderrTail = stderrTail
    }
}
