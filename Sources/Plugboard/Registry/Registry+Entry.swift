import PlugboardProtocol

extension Registry {
    /// One registered plugin: what the host knows of it and, for an external or attached one, its supervisor.
    struct Entry {
        var name: String
        var kind: PluginInfo.Kind
        var path: String?
        var types: [String: [String]]
        var capabilities: Capabilities?
        var external: Plugin?
        var services: [String: any Sendable] = [:]
        /// The watched or registered directory the plugin's file (executable or manifest) is in.
        var directory: String?
        /// The file's identity when registered, to notice it being replaced.
        var stamp: FileSystem.Info?
        /// The options it was registered with, for reloads.
        var options: RegistrationOptions?
        /// Set by the registry when the entry goes in: tells this registration apart from a later one under the
        /// same name, so that work decided on an old copy (a rescan, a load) never acts on its successor.
        var serial = 0

        init(
            name: String, kind: PluginInfo.Kind, path: String?, types: [String: [String]], capabilities: Capabilities? = nil,
            external: Plugin? = nil, directory: String? = nil, stamp: FileSystem.Info? = nil, options: RegistrationOptions? = nil
        ) {
            self.name = name
            self.kind = kind
            self.path = path
            self.types = types
            self.capabilities = capabilities
            self.external = external
            self.directory = directory
            self.stamp = stamp
            self.options = options
        }
    }
}
