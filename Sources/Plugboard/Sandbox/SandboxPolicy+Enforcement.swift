extension SandboxPolicy {
    /// What happens when the kernel lacks a mechanism the policy needs.
    ///
    /// A struct with static values rather than an enum (as ``PluginState``), so that a later version can add a mode
    /// without breaking code that switches over these (compare with `==`, or `switch` with a `default`). Its
    /// `rawValue` is the name `plugboard` and the launcher's spec use: `required` or `best-effort`.
    public struct Enforcement: RawRepresentable, Sendable, Hashable, CaseIterable, CustomStringConvertible {
        enum Base: String, Sendable, CaseIterable {
            case required
            case bestEffort = "best-effort"
        }

        /// Which one, for the host's own exhaustive switches.
        let base: Base

        private init(_ base: Base) { self.base = base }

        /// The mode's name: `required` or `best-effort`.
        public var rawValue: String { base.rawValue }

        /// The mode of that name; nil for a name this version does not know.
        public init?(rawValue: String) {
            guard let base = Base(rawValue: rawValue) else { return nil }; self.base = base
        }

        /// The mode's name.
        public var description: String { rawValue }

        /// Every mode this version knows.
        public static let allCases = Base.allCases.map(Enforcement.init)

        /// The plugin does not start; the error names what is missing.
        public static let required = Enforcement(.required)
        /// The plugin starts with what the kernel has; the log, ``PluginStatus/sandbox`` and `plugboard list` say
        /// which protections are in force.
        public static let bestEffort = Enforcement(.bestEffort)
    }
}
