/// How a plugin process ended.
public struct PluginExit: Sendable, Hashable, CustomStringConvertible {
    /// The exit status, when it exited.
    public var code: Int32?
    /// The signal, when a signal ended it.
    public var signal: Int32?

    /// The sandbox limit the process passed, when that is why it ended.
    public var violation: SandboxViolation?
    /// What a sandboxed process used over its life (nil when it was not sandboxed).
    public var usage: SandboxUsage?

    /// Creates an exit description.
    public init(code: Int32?, signal: Int32?, violation: SandboxViolation? = nil) {
        self.code = code
        self.signal = signal
        self.violation = violation
    }

    /// Whether it exited with status 0.
    public var isSuccess: Bool { code == 0 }

    public var description: String {
        let status = code.map { "exit status \($0)" } ?? "killed by signal \(signal ?? 0)"
        guard let violation else { return status }
        return "\(violation.detail); \(status)"
    }
}
