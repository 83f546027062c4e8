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
    /// A registration, attach or reload of the name in flight is waited for first.
    ///
    /// - Throws: ``PluginError`` `notFound` when no plugin has the name, `stopped` when it was removed or reloaded
    ///   while loading, `shutDown` once the manager is shut down; the plugin's own error when it cannot start.
    public func load(_ name: String) async throws {
        activities.begin()
        defer { activities.end() }
        guard let entry = try await settledEntry(name, cannot: "load") else { throw notRegistered(name) }
        do {
            _ = try await entry.external?.readyPool()
        } catch {
            throw isShutDown ? shutDownError(name, path: entry.path, cannot: "load") : error
        }
        guard entry.kind == .attached, entry.types.isEmpty,
              let external = entry.external, case .attached(let location) = external.origin else { return }
        let capabilities = try await fetchCapabilities(at: location, token: external.settings.environment["PLUGBOARD_TOKEN"], tls: external.settings.tls, plugin: name, source: entry.path ?? name, timeout: entry.options?.capabilitiesTimeout ?? RegistrationOptions().capabilitiesTimeout)
        // What `entry` said may be out of date: the registry checks it is still this registration.
        _ = try registry.retype(name, serial: entry.serial, path: entry.path, types: capabilities.types.mapValues { $0.map(\.type) }, capabilities: capabilities).get()
    }

    /// Stops a plugin's process (GoPlug's `UnloadPlugin`); it stays registered and starts again on next use.
    ///
    /// - Throws: ``PluginError`` `notFound` when no plugin has the name, `shutDown` once the manager is shut down.
    public func unload(_ name: String) async throws {
        activities.begin()
        defer { activities.end() }
        guard let entry = try await settledEntry(name, cannot: "unload") else { throw notRegistered(name) }
        await entry.external?.stop()
    }

    /// Asks the plugin's executable for its capabilities again and restarts it: for a file that was replaced.
    /// Attached plugins are reconnected. The name stays reserved throughout: a second reload, or an attach or
    /// registration of it, waits for this one; a ``remove(_:)`` meanwhile wins, and the reload fails with `stopped`.
    ///
    /// - Throws: ``PluginError`` `notFound` when no external or attached plugin has the name, `shutDown` once the
    ///   manager is shut down (also when it shuts down meanwhile).
    @discardableResult
    public func reload(_ name: String) async throws -> RegistrationReport {
        activities.begin()
        defer { activities.end() }
        guard let report = try await reload(name, serial: nil) else {
            throw PluginError(.notFound, plugin: name, message: "no external plugin of that name")
        }
        return report
    }

    /// Reloads `name` (only the registration `serial`, when given); nil when it is not registered (any more).
    func reload(_ name: String, serial: Int?) async throws(PluginError) -> RegistrationReport? {
        let ticket: Ticket
        let old: Entry
        takeOver: while true {
            switch registry.takeOver(name, serial: serial, for: .reload) {
            case .taken(let held, let entry):
                (ticket, old) = (held, entry)
                break takeOver
            case .busy(let done):
                try await waitForFlight(done, plugin: name, path: registry.flight(holding: name)?.path)
            case .absent:
                return nil
            case .refused(let error):
                throw error
            }
        }
        let path = old.path ?? name
        let options = old.options ?? RegistrationOptions()
        await old.external?.shutdown()
        let report: RegistrationReport
        if old.kind == .attached {
            do throws(PluginError) {
                // Attached by manifest: read it again. Attached by URL: connect again.
                let manifest: Manifest
                if FileSystem.info(path)?.isRegular == true {
                    manifest = try readManifest(path)
                } else {
                    let identity: PluginName
                    do { identity = try PluginName(parsing: name) } catch {
                        throw PluginError(.invalidManifest, plugin: name, path: path, message: error.description)
                    }
                    manifest = Manifest(name: identity.name, namespace: identity.namespace, url: path, lazy: old.capabilities?.lazy ?? false)
                }
                report = RegistrationReport(registered: [try await attach(manifest, source: path, options: options, directory: old.directory, holding: ticket)])
            } catch {
                registry.release(ticket)
                report = RegistrationReport(failures: [error])
            }
        } else {
            let probed: DiscoveredPlugin
            do {
                let pins = try options.pinning.digests(for: old.directory ?? Self.directory(of: path))
                probed = await Discovery.probe(file: path, timeout: options.capabilitiesTimeout, cache: nil, launcher: context.launcher, pins: pins, sandbox: { options.sandboxPolicy(for: $0) })
            } catch {
                probed = DiscoveredPlugin(name: String(path.split(separator: "/").last ?? Substring(path)), path: path, capabilities: nil, error: error)
            }
            report = await register([probed], options: options, directory: old.directory, holding: ticket)
        }
        if isShutDown { throw shutDownError(name, path: path, cannot: "reload") }
        return report
    }

    /// Stops a plugin and removes it from the registry, releasing its contract types. A registration, attach or
    /// reload of the name in flight is called off: it fails with `stopped` and what it started is stopped.
    public func remove(_ name: String) async {
        activities.begin()
        defer { activities.end() }
        await remove(name, serial: nil)
    }
}
