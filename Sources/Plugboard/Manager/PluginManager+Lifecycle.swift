import PlugboardProtocol

extension PluginManager {
    /// The handle of a plugin by name and namespace (GoPlug's `GetPlugin(name, namespace)`).
    public func plugin(name: String, namespace: String? = nil) throws(PluginError) -> PluginHandle {
        let identity: PluginName
        do { identity = try PluginName(name, namespace: namespace) } catch {
            throw PluginError(.notFound, plugin: name, message: error.description)
        }
        return try handle(named: identity.description)
    }

    /// Starts a plugin now (GoPlug's `LoadPlugin`); a lazy plugin otherwise starts on first use. A lazy attached
    /// plugin, registered by name only, is asked for its capabilities here and its contract types become usable.
    public func load(_ name: String) async throws {
        try await handle(named: name).start()
        guard var entry = entries[name], entry.kind == .attached, entry.types.isEmpty,
              let external = entry.external, case .attached(let location) = external.origin else { return }
        let capabilities = try await fetchCapabilities(at: location, plugin: name, source: entry.path ?? name)
        let types = capabilities.types.mapValues { $0.map(\.type) }
        try claim(types, for: name, path: entry.path)
        entry.types = types
        entry.capabilities = capabilities
        entries[name] = entry
    }

    /// Stops a plugin's process (GoPlug's `UnloadPlugin`); it stays registered and starts again on next use.
    public func unload(_ name: String) async throws {
        try await handle(named: name).stop()
    }

    /// Asks the plugin's executable for its capabilities again and restarts it: for a file that was replaced.
    /// Attached plugins are reconnected.
    @discardableResult
    public func reload(_ name: String) async throws -> RegistrationReport {
        guard let entry = entries[name], let path = entry.path else { throw PluginError(.notFound, plugin: name, message: "no external plugin of that name") }
        let options = entry.options ?? RegistrationOptions()
        await remove(name)
        if entry.kind == .attached {
            do {
                // Attached by manifest: read it again. Attached by URL: connect again.
                if FileSystem.info(path)?.isRegular == true {
                    return RegistrationReport(registered: [try await attach(manifest: path, options: options, directory: entry.directory)])
                }
                let identity = try PluginName(parsing: name)
                return RegistrationReport(registered: [try await attach(url: path, name: identity.name, namespace: identity.namespace, lazy: entry.capabilities?.lazy ?? false, options: options)])
            } catch let error as PluginError {
                return RegistrationReport(failures: [error])
            } catch {
                return RegistrationReport(failures: [PluginError(.invalidManifest, plugin: name, path: path, message: "\(error)")])
            }
        }
        let probed = await Discovery.probe(file: path, timeout: options.capabilitiesTimeout)
        return await register([probed], options: options, directory: entry.directory)
    }

    /// Stops a plugin and removes it from the registry, releasing its contract types.
    public func remove(_ name: String) async {
        guard let entry = entries.removeValue(forKey: name) else { return }
        owners = owners.filter { $0.value != name }
        await entry.external?.shutdown()
    }
}
