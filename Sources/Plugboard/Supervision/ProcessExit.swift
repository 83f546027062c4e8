/// A process's exit as the supervisor sees it: how it ended, and what it last wrote on stderr.
struct ProcessExit: Sendable, Hashable, CustomStringConvertible {
    /// The status or signal.
    var status: PluginExit
    /// The last lines it wrote to stderr (empty when none, or for an attached plugin).
    var stderrTail: String = ""

    /// Whether it exited with status 0.
    var isSuccess: Bool { status.isSuccess }

    /// "exit status 3" or "killed by signal 9".
    var description: String { status.description }

    /// A clean exit.
    static let success = ProcessExit(status: PluginExit(code: 0, signal: nil))

    /// An exit with a non-zero status.
    static func failure(_ code: Int32) -> ProcessExit { ProcessExit(status: PluginExit(code: code, signal: nil)) }

    /// Death by a signal.
    static func signal(_ signal: Int32) -> ProcessExit { ProcessExit(status: PluginExit(code: nil, signal: signal)) }
}
