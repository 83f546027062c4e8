/// Which transport external plugins listen on.
///
/// A struct with static values rather than an enum (as ``PluginState``), so that a later version can add a
/// transport without breaking code that switches over these (compare with `==`, or `switch` with a `default`).
/// Its `rawValue` is what `plugboard --transport` takes: `unix`, `tcp` or `auto`.
public struct TransportPreference: RawRepresentable, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    enum Base: String, Sendable, CaseIterable {
        case unix
        case tcp
        case automatic = "auto"
    }

    /// Which one, for the host's own exhaustive switches.
    let base: Base

    private init(_ base: Base) { self.base = base }

    /// The preference's name: `unix`, `tcp` or `auto`.
    public var rawValue: String { base.rawValue }

    /// The preference of that name; nil for a name this version does not know.
    public init?(rawValue: String) {
        guard let base = Base(rawValue: rawValue) else { return nil }; self.base = base
    }

    /// The preference's name.
    public var description: String { rawValue }

    /// Every preference this version knows.
    public static let allCases = Base.allCases.map(TransportPreference.init)

    /// Unix domain sockets.
    public static let unix = TransportPreference(.unix)
    /// Loopback TCP.
    public static let tcp = TransportPreference(.tcp)
    /// Unix sockets where the host can make its private socket directory, TCP otherwise.
    public static let automatic = TransportPreference(.automatic)
}
