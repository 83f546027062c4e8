/// The protocol block of a v2 plugin's capabilities: `{"version": 2, "features": ["token", ...]}`.
public struct ProtocolInfo: Codable, Sendable, Hashable {
    /// The protocol version the plugin speaks; 2 for Plugboard plugins.
    public var version: Int
    /// The v2 features the plugin implements (see ``ProtocolFeature``); unknown names are ignored by the host.
    public var features: [String]

    /// Creates a protocol block.
    public init(version: Int, features: [String] = []) {
        self.version = version
        self.features = features
    }

    /// The block this version of Plugboard's Swift SDK writes: the features it implements, spelled out (a feature
    /// this package learns to name is not one the SDK serves until it is added here).
    public static let current = ProtocolInfo(version: 2, features: [
        ProtocolFeature.configStdin, .token, .socketDirectory, .parentWatch, .methods, .events, .capabilitiesEndpoint,
    ].map(\.rawValue))
}
