/// A v2 extension a plugin can declare in its capabilities (`protocol.features`). The host uses one only when it
/// is declared.
///
/// A struct with static values rather than an enum, so that later versions can add features without breaking code
/// that switches over these; a name this version does not know is kept as it is (and never used by this host).
public struct ProtocolFeature: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The feature's name in `protocol.features`, e.g. `"parentWatch"`.
    public let rawValue: String

    /// A feature by its name.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// The feature's name.
    public var description: String { rawValue }

    /// The plugin reads its config as one JSON line on stdin (`--config-stdin`), keeping secrets out of argv.
    public static let configStdin = ProtocolFeature(rawValue: "configStdin")
    /// The plugin requires `Authorization: Bearer <token>` on every request, the token coming from the
    /// `PLUGBOARD_TOKEN` environment variable.
    public static let token = ProtocolFeature(rawValue: "token")
    /// The plugin binds its Unix socket inside `socketDirectory` from the config, a 0700 directory the host made.
    public static let socketDirectory = ProtocolFeature(rawValue: "socketDirectory")
    /// The plugin exits when its stdin reaches end-of-file, i.e. when the host that holds the pipe dies.
    public static let parentWatch = ProtocolFeature(rawValue: "parentWatch")
    /// The plugin serves `GET /plugboard/v2/methods` and `POST /plugboard/v2/methods/{name}`.
    public static let methods = ProtocolFeature(rawValue: "methods")
    /// The plugin serves the events stream `GET /plugboard/v2/events?listen=...`.
    public static let events = ProtocolFeature(rawValue: "events")
    /// The plugin serves its capabilities at `GET /plugboard/v2/capabilities` (needed to attach to it).
    public static let capabilitiesEndpoint = ProtocolFeature(rawValue: "capabilitiesEndpoint")

    /// The features this version of Plugboard knows, in the order PROTOCOL.md §21 lists them.
    public static let known: [ProtocolFeature] = [.configStdin, .token, .socketDirectory, .parentWatch, .methods, .events, .capabilitiesEndpoint]
}
