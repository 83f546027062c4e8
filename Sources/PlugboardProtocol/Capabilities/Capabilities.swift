/// What a plugin says about itself when run as `PLUGIN capabilities`.
///
/// The v1 shape is the Go framework's: `{"types": {...}, "configTypes": [...]}`. A Plugboard (v2) plugin adds
/// `protocol`, and may add `name`, `namespace` and `lazy`; a v1 host ignores those keys.
///
/// ```json
/// {"types": {"dataProcessor": [{"type": "uppercase", "jsonSchema": "eyJ0eXBlIjoib2JqZWN0In0="}]},
///  "configTypes": ["uppercase-settings"],
///  "protocol": {"version": 2, "features": ["token", "socketDirectory", "parentWatch", "configStdin"]}}
/// ```
public struct Capabilities: Codable, Sendable, Hashable {
    /// Contract name (e.g. `dataProcessor`) to the types the plugin implements for it.
    public var types: [String: [TypeInfo]]
    /// Contract name to its endpoints with their request and response schemas (v2, written by the Swift SDK from
    /// the types `@PluginContract` derives them from). The host can check calls against them.
    public var endpoints: [String: [EndpointInfo]]
    /// The config types the plugin accepts in its `configTypes` list, with optional schemas.
    public var configTypes: [ConfigTypeInfo]
    /// The protocol version and features; absent for a v1 (Go framework) plugin.
    public var `protocol`: ProtocolInfo?
    /// The plugin's own name (v2); the executable's file name is used when absent.
    public var name: String?
    /// An optional namespace (v2).
    public var namespace: String?
    /// Whether the plugin asks to be started only on first use (v2).
    public var lazy: Bool?
    /// Named methods (v2, GoPlug's model).
    public var methods: [MethodInfo]
    /// The events the plugin may send its host (v2, informational).
    public var events: [String]

    /// Creates a capabilities document.
    public init(
        types: [String: [TypeInfo]] = [:],
        endpoints: [String: [EndpointInfo]] = [:],
        configTypes: [ConfigTypeInfo] = [],
        protocol: ProtocolInfo? = nil,
        name: String? = nil,
        namespace: String? = nil,
        lazy: Bool? = nil,
        methods: [MethodInfo] = [],
        events: [String] = []
    ) {
        self.types = types
        self.endpoints = endpoints
        self.configTypes = configTypes
        self.protocol = `protocol`
        self.name = name
        self.namespace = namespace
        self.lazy = lazy
        self.methods = methods
        self.events = events
    }

    enum CodingKeys: String, CodingKey { case types, endpoints, configTypes, configSchemas, `protocol`, name, namespace, lazy, methods, events }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.types = try container.decodeIfPresent([String: [TypeInfo]].self, forKey: .types) ?? [:]
        self.endpoints = try container.decodeIfPresent([String: [EndpointInfo]].self, forKey: .endpoints) ?? [:]
        var configTypes = try container.decodeIfPresent([ConfigTypeInfo].self, forKey: .configTypes) ?? []
        let schemas = try container.decodeIfPresent([String: RawJSON].self, forKey: .configSchemas) ?? [:]
        for index in configTypes.indices where configTypes[index].jsonSchema == nil {
            configTypes[index].jsonSchema = schemas[configTypes[index].type]
        }
        self.configTypes = configTypes
        self.protocol = try container.decodeIfPresent(ProtocolInfo.self, forKey: .protocol)
        self.name = try container.decodeIfPresent(String.self, forKey: .name)
        self.namespace = try container.decodeIfPresent(String.self, forKey: .namespace)
        self.lazy = try container.decodeIfPresent(Bool.self, forKey: .lazy)
        self.methods = try container.decodeIfPresent([MethodInfo].self, forKey: .methods) ?? []
        self.events = try container.decodeIfPresent([String].self, forKey: .events) ?? []
    }

    /// Writes `configTypes` as plain names, as a Go host expects, and their schemas under the v2 key
    /// `configSchemas` (config type name → schema).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(types, forKey: .types)
        try container.encode(configTypes.map(\.type), forKey: .configTypes)
        var schemas: [String: RawJSON] = [:]
        for item in configTypes { schemas[item.type] = item.jsonSchema }
        if !schemas.isEmpty { try container.encode(schemas, forKey: .configSchemas) }
        try container.encodeIfPresent(self.protocol, forKey: .protocol)
        try container.encodeIfPresent(name, forKey: .name)
        try container.encodeIfPresent(namespace, forKey: .namespace)
        try container.encodeIfPresent(lazy, forKey: .lazy)
        if !methods.isEmpty { try container.encode(methods, forKey: .methods) }
        if !events.isEmpty { try container.encode(events, forKey: .events) }
        if !endpoints.isEmpty { try container.encode(endpoints, forKey: .endpoints) }
    }

    /// The negotiated protocol version: 1 when the plugin did not declare one.
    public var protocolVersion: Int { self.protocol?.version ?? 1 }

    /// Whether the plugin declared a v2 feature.
    public func supports(_ feature: ProtocolFeature) -> Bool {
        guard protocolVersion >= 2 else { return false }
        return self.protocol?.features.contains(feature.rawValue) ?? false
    }

    /// Parses a capabilities document, naming the JSON path of the first problem.
    public static func parse(_ bytes: some Collection<UInt8>) throws(ProtocolError) -> Capabilities {
        do {
            return try WireJSON.decode(Capabilities.self, from: bytes)
        } catch {
            throw .invalidDocument(document: "capabilities", detail: WireJSON.describe(error))
        }
    }
}
