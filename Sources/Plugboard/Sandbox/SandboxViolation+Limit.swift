extension SandboxViolation {
    /// Which limit a plugin's process passed.
    ///
    /// A struct with static values rather than an enum (as ``PluginState``), so that a later version can enforce
    /// a new limit without breaking code that switches over these (compare with `==`, or `switch` with a
    /// `default`). Its `rawValue` is the name the launcher's watchdog reports (`cause=memory`).
    public struct Limit: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The limit's name, e.g. `"memory"`.
        public let rawValue: String

        /// A limit by its name; names this version does not know are kept as they are.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The limit's name.
        public var description: String { rawValue }

        /// ``SandboxPolicy/memoryLimit``.
        public static let memory = Limit(rawValue: "memory")
        /// ``SandboxPolicy/cpuLimit``.
        public static let cpu = Limit(rawValue: "cpu")
        /// ``SandboxPolicy/processLimit``.
        public static let processes = Limit(rawValue: "processes")
    }
}
