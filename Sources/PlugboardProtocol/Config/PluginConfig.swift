/// The configuration a host hands a plugin when it starts it: `PLUGIN --config '<json>'`.
///
/// The v1 fields are the Go framework's, encoded the way Go's `encoding/json` does (`idleTimeout` in integer
/// nanoseconds, `configTypes[].data` in base64). The v2 fields are written only for plugins that declared the
/// matching feature; Go's decoder ignores unknown keys anyway.
///
/// ```json
/// {"id": "simple-processor-4711-1", "type": "unix", "idleTimeout": 300000000000,
///  "configTypes": [{"type": "uppercase-settings", "data": "eyJwcmVmaXgiOiI+PiAifQ=="}]}
/// ```
public struct PluginConfig: Codable, Sendable, Hashable {
    /// An identifier for this plugin instance; a v1 plugin derives its socket file name from it.
    public var id: String
    /// The transport to listen on.
    public var type: TransportKind
    /// Stop after this long without requests; `nil` or zero means never.
    public var idleTimeout: GoDuration?
    /// Typed configuration items.
    public var configTypes: [ConfigData]
    /// v2 `socketDirectory`: bind the Unix socket inside this (host-made, 0700) directory.
    public var socketDirectory: String?
    /// v2 `parentWatch`: exit when stdin reaches end-of-file.
    public var parentWatch: Bool?

    /// Creates a config.
    public init(
        id: String,
        type: TransportKind = .unix,
        idleTimeout: Duration? = nil,
        configTypes: [ConfigData] = [],
        socketDirectory: String? = nil,
        parentWatch: Bool? = nil
    ) {
        self.id = id
        self.type = type
        self.idleTimeout = idleTimeout.map(GoDuration.init)
        self.configTypes = configTypes
        self.socketDirectory = socketDirectory
        self.parentWatch = parentWatch
    }

    enum CodingKeys: String, CodingKey { case id, type, idleTimeout, configTypes, socketDirectory, parentWatch }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.id = try container.decode(String.self, forKey: .id)
        self.type = try container.decodeIfPresent(TransportKind.self, forKey: .type) ?? .unix
        self.idleTimeout = try container.decodeIfPresent(GoDuration.self, forKey: .idleTimeout)
        self.configTypes = try container.decodeIfPresent([ConfigData].self, forKey: .configTypes) ?? []
        self.socketDirectory = try container.decodeIfPresent(String.self, forKey: .socketDirectory)
        self.parentWatch = try container.decodeIfPresent(Bool.self, forKey: .parentWatch)
    }

    /// The config item of a type, if the host sent one.
    public func data(ofType type: String) -> ConfigData? {
        configTypes.first { $0.type == type }
    }

    /// Parses a config document, naming the JSON path of the first problem.
    public static func parse(_ bytes: some Collection<UInt8>) throws(ProtocolError) -> PluginConfig {
        do {
            return try WireJSON.decode(PluginConfig.self, from: bytes)
        } catch {
            throw .invalidDocument(document: "config", detail: WireJSON.describe(error))
        }
    }
}
