extension PluginInfo {
    /// How the host reaches the plugin.
    ///
    /// A struct with static values rather than an enum (as ``PluginState``), so that a later version can add a kind
    /// without breaking code that switches over these (compare with `==`, or `switch` with a `default`). Its
    /// `rawValue` is what `plugboard list --json` prints.
    public struct Kind: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
        /// The kind's name, e.g. `"external"`.
        public let rawValue: String

        /// A kind by its name; names this version does not know are kept as they are.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The kind's name.
        public var description: String { rawValue }

        /// Swift code in the host.
        public static let `internal` = Kind(rawValue: "internal")
        /// A process the host starts and supervises.
        public static let external = Kind(rawValue: "external")
        /// A process someone else started.
        public static let attached = Kind(rawValue: "attached")
    }
}
