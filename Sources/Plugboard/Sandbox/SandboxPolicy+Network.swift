extension SandboxPolicy {
    /// Which network the plugin may use. Its own listening socket works in every mode, on both transports.
    ///
    /// A struct with static values rather than an enum (as ``PluginState``), so that a later version can add a mode
    /// without breaking code that switches over these (compare with `==`, or `switch` with a `default`). Its
    /// `rawValue` is what `plugboard --network` takes: `none`, `loopback` or `any`. Where the type is optional, write
    /// `SandboxPolicy.Network.none` in full: `.none` is then `Optional.none`.
    public struct Network: RawRepresentable, Sendable, Hashable, CaseIterable, CustomStringConvertible {
        enum Base: String, Sendable, CaseIterable {
            case none
            case loopback
            case any
        }

        /// Which one, for the host's own exhaustive switches.
        let base: Base

        private init(_ base: Base) { self.base = base }

        /// The mode's name: `none`, `loopback` or `any`.
        public var rawValue: String { base.rawValue }

        /// The mode of that name; nil for a name this version does not know.
        public init?(rawValue: String) {
            guard let base = Base(rawValue: rawValue) else { return nil }; self.base = base
        }

        /// The mode's name.
        public var description: String { rawValue }

        /// Every mode this version knows.
        public static let allCases = Base.allCases.map(Network.init)

        /// No TCP connect, no TCP bind but its own listener's, no UDP or raw sockets. On the Unix transport no
        /// IPv4 or IPv6 socket at all.
        public static let none = Network(.none)
        /// TCP, with UDP and raw sockets refused. Landlock filters TCP by port, not by address: to make
        /// "loopback" a guarantee, list the ports in ``SandboxPolicy/connectPorts`` (see SECURITY.md).
        public static let loopback = Network(.loopback)
        /// No restriction.
        public static let any = Network(.any)
    }
}
