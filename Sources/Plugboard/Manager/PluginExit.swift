/// How a plugin process ended.
public struct PluginExit: Sendable, Hashable, CustomStringConvertible {
    /// The exit status, when it exited.
    public var code: Int32?
    /// The signal, when a signal ended it.
    public var signal: Int32?

    /// Creates an exit description.
    public init(code: Int32?, signal: Int32?) {
        self.code = code
        self.signal = signal
    }

    /// Whether it exited with status 0.
    public var isSuccess: Bool { code == 0 }

    public var description: String {
        if let code { return "exit status \(code)" }
        return "killed by signal \(signal ?? 0)"
    }
}
