import PlugboardProtocol

extension PluginManager {
    /// Attaches a plugin someone else started, from its manifest file (GoPlug's `.pconf`). The plugin is
    /// health-checked and dropped when it stops answering (or, in a watched directory, when its manifest goes).
    ///
    /// - Throws: ``PluginError`` `invalidManifest` for a manifest that does not parse, `connection` when the plugin
    ///   is not reachable where the manifest says.
    @discardableResult
    public func attach(manifest path: String, options: RegistrationOptions = .init()) async throws(PluginError) -> PluginInfo {
        try await attach(manifest: path, options: options, directory: nil)
    }

    /// Attaches a running plugin by URL (`http://host:port` or `http+unix:///path.sock`), e.g. one on another machine.
    @discardableResult
    public func attach(url: String, name: String, namespace: String? = nil, lazy: Bool = false, options: RegistrationOptions = .init()) async throws(PluginError) -> PluginInfo {
        try await attach(Manifest(name: name, namespace: namespace, url: url, lazy: lazy), source: url, options: options, directory: nil)
    }

    func attach(manifest path: String, options: RegistrationOptions, directory: String?) async throws(PluginError) -> PluginInfo {
        guard let bytes = FileSystem.readSmallFile(path, limit: 1 << 20) else {
            throw PluginError(.invalidManifest, plugin: "", path: path, message: "cannot read the manifest")
        }
        let manifest: Manifest
        do {
            manifest = try Manifest.parse(bytes)
        } catch {
            throw PluginError(.invalidManifest, plugin: "", path: path, message: error.description)
        }
        return try await attach(manifest, source: path, options: options, directory: directory)
    }

    private func attach(_ manifest: Manifest, source: String, options: RegistrationOptions, directory: String?) async throws(PluginError) -> PluginInfo {
        guard !isShutDown else { throw PluginError(.shutDown, plugin: manifest.name, message: "the plugin manager is shut down") }
        let identity: PluginName
        let location: Location
        do {
            identity = try manifest.pluginName()
            location = try manifest.location()
        } catch {
            throw PluginError(.invalidManifest, plugin: manifest.name, path: source, message: error.description)
        }
        let key = identity.description
        if let existing = entries[key] {
            throw PluginError(.duplicateName, plugin: key, path: source, message: "a plugin named \"\(key)\" is already registered (\(existing.path ?? "internal"))")
        }
        let lazy = manifest.lazy || options.lazy
        let capabilities = lazy ? Capabilities(name: identity.name, namespace: identity.namespace, lazy: true) : try await fetchCapabilities(at: location, plugin: key, source: source)
        try claim(capabilities.types.mapValues { $0.map(\.type) }, for: key, path: source)
        let settings = launchSettings(options, transport: location.transport, configData: [], environment: [:])
        let plugin = ExternalPlugin(name: key, path: source, origin: .attached(location), capabilities: capabilities, settings: settings, context: context)
        entries[key] = Entry(
            name: key, kind: .attached, path: source, types: capabilities.types.mapValues { $0.map(\.type) },
            capabilities: capabilities, external: plugin, directory: directory,
            stamp: directory == nil ? nil : FileSystem.info(source), options: options
        )
        if !lazy {
            do {
                _ = try await plugin.readyPool()
            } catch {
                await remove(key)
                throw error as? PluginError ?? PluginError(.connection, plugin: key, path: source, message: "\(error)")
            }
        }
        let interval = options.healthCheckInterval
        _ = context.runner.submit {
            await plugin.monitor(every: interval) { reason in
                await self.dropAttached(key, plugin: plugin, reason: reason)
            }
        }
        logger.info("attached plugin", metadata: ["plugin": "\(key)", "location": "\(location)"])
        return info(entries[key]!)
    }

    /// Asks a running plugin for its capabilities (`GET /plugboard/v2/capabilities`); a plugin that does not serve
    /// them (v1) is attached with no contract types, reachable by name.
    func fetchCapabilities(at location: Location, plugin: String, source: String) async throws(PluginError) -> Capabilities {
        let pool = ConnectionPool(location: location, group: context.group, options: .init(maxConnections: 1, maxResponseSize: 4 << 20, connectTimeout: .seconds(5), token: nil))
        defer { pool.close() }
        let response: HTTPResponse
        do {
            response = try await pool.send(.get, V2Paths.capabilities, body: [], deadline: .now + .seconds(5))
        } catch {
            throw PluginError(.connection, plugin: plugin, path: source, message: "is not reachable at \(location): \(ExternalPlugin.reason(error))")
        }
        guard response.status == 200 else {
            return Capabilities()
        }
        do {
            let capabilities = try Capabilities.parse(response.body)
            try SchemaSupport.checkSchemas(capabilities, plugin: plugin, path: source)
            return capabilities
        } catch let error as PluginError {
            throw error
        } catch {
            throw PluginError(.capabilities, plugin: plugin, path: source, message: "\(error)")
        }
    }

    /// Drops an attached plugin that stopped answering, if it is still the one registered under `key`.
    func dropAttached(_ key: String, plugin: ExternalPlugin, reason: String) async {
        guard entries[key]?.external === plugin else { return }
        logger.warning("dropping attached plugin", metadata: ["plugin": "\(key)", "reason": "\(reason)"])
        await remove(key)
    }
}
