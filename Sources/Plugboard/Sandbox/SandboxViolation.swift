/// A limit of its sandbox that a plugin's process passed, ending it.
public struct SandboxViolation: Sendable, Hashable, CustomStringConvertible {
    /// Which limit it passed.
    public var limit: Limit
    /// What the watchdog saw, e.g. "exceeded its memory limit of 256 MB (262 MB resident in 1 process)".
    public var detail: String

    /// Creates a violation.
    public init(limit: Limit, detail: String) {
        self.limit = limit
        self.detail = detail
    }

    /// Parses the watchdog's report file: `cause=memory DETAIL`.
    init?(reportLine line: String) {
        guard line.hasPrefix("cause=") else { return nil }
        let rest = line.dropFirst("cause=".count)
        let name = rest.prefix { $0 != " " }
        guard !name.isEmpty else { return nil }
        self.init(limit: Limit(rawValue: String(name)), detail: String(rest.dropFirst(name.count).drop { $0 == " " }).trimmingTrailingNewlines())
    }

    public var description: String { detail }
}

extension String {
    fileprivate func trimmingTrailingNewlines() -> String {
        var text = self
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }
}
