import PlugboardProtocol

extension PluginManager {
    /// Attaches a plugin someone else started, from its manifest file (GoPlug's `.pconf`). The plugin is
    /// health-checked and dropped when it stops answering (or, in a watched directory, when its manifest goes).
    ///
    /// Attaching is idempotent per manifest: while one attach of a manifest is in flight (yours, a registration's
    /// or a directory watcher's), a second waits for it and returns the same ``PluginInfo``; so does attaching a
    /// manifest that is already attached. Should the first fail, the second tries again itself.
    ///
    /// - Throws: ``PluginError`` `invalidManifest` for a manifest that does not parse, `connection` when the plugin
    ///   is not reachable where the manifest says, `duplicateName` when another file's plugin has the name,
    ///   `duplicateContractType` when another plugin serves one of its contract types, `stopped` when it was removed
    ///   while attaching, `shutDown` once the manager is shut down.
    @discardableResult
    public func attach(manifest path: String, options: RegistrationOptions = .init()) async throws(PluginError) -> PluginInfo {
        activities.begin()
        defer { activities.end() }
        return try await attach(manifest: path, options: options, directory: nil)
    }

    /// Attaches a running plugin by URL (`http://host:port`, `https://host:port` or `http+unix:///path.sock`), e.g.
    /// one on another machine. Like ``attach(manifest:options:)``, a second attach of the same URL under the same name
    /// joins the first. `token`, when given, is sent as `Authorization: Bearer TOKEN` on every request.
    ///
    /// An `https://` URL is reached over TLS only: `tls` (each field it sets replacing the one of
    /// ``RegistrationOptions/tls``) names the CAs the plugin's certificate must chain to and, for a plugin that
    /// requires one, the host's client certificate. Without a CA, or in a build without the package trait `TLS`,
    /// the attach fails with code `tls`; so does a failed handshake, naming the cause.
    @discardableResult
    public func attach(url: String, name: String, namespace: String? = nil, lazy: Bool = false, token: String? = nil, tls: PluginTLS? = nil, options: RegistrationOptions = .init()) async throws(PluginError) -> PluginInfo {
        activities.begin()
        defer { activities.end() }
        if let token, token.isEmpty || !token.utf8.allSatisfy(Manifest.isTokenByte) {
            throw PluginError(.invalidManifest, plugin: name, path: url, message: "a token is 1 to 512 characters of A-Z, a-z, 0-9 and -._~+/=")
        }
        var options = options
        if let tls { options.tls = options.tls?.overridden(by: tls) ?? tls }
        return try await attach(Manifest(name: name, namespace: namespace, url: url, lazy: lazy, token: token), source: url, options: options, directory: nil)
    }

    func attach(manifest path: String, options: RegistrationOptions, directory: String?) async throws(PluginError) -> PluginInfo {
        try await attach(try readManifest(path), source: path, options: options, directory: directory)
    }

    func readManifest(_ path: String) throws(PluginError) -> Manifest {
        guard let bytes = FileSystem.readSmallFile(path, limit: 1 << 20) else {
            throw PluginError(.invalidManifest, plugin: "", path: path, message: "cannot read the manifest")
        }
        do {
            return try Manifest.parse(bytes)
        } catch {
            throw PluginError(.invalidManifest, plugin: "", path: path, message: error.description)
        }
    }

    /// Attaches the plugin a manifest describes. A reload passes the ticket it holds the plugin's name with; it is
    /// used when the manifest still gives that name (and given back otherwise).
    func attach(_ manifest: Manifest, source: String, options: RegistrationOptions, directory: String?, holding held: Ticket? = nil) async throws(PluginError) -> PluginInfo {
        let identity: PluginName
        let location: Location
        let tls: TLSClient?
        do throws(PluginError) {
            do {
                identity = try manifest.pluginName()
                location = try manifest.location()
            } catch {
                throw PluginError(.invalidManifest, plugin: manifest.name, path: source, message: error.description)
            }
            tls = try tlsClient(for: manifest, plugin: identity.description, source: source, options: options)
        } catch {
            if let held { registry.release(held) }
            throw error
        }
        let key = identity.description
        if let held, held.name == key {
            return try await attach(manifest, identity: identity, location: location, tls: tls, source: source, options: options, directory: directory, under: held)
        }
        if let held, let cancellation = registry.release(held) { throw cancellation }
        while true {
            switch registry.reserve(key, path: source, for: .attach) {
            case .reserved(let ticket):
                return try await attach(manifest, identity: identity, location: location, tls: tls, source: source, options: options, directory: directory, under: ticket)
            case .joined(let entry):
                return info(entry)
            case .busy(let done):
                try await waitForFlight(done, plugin: key, path: source)
            case .refused(let error):
                throw error
            }
        }
    }

    /// Connects to the plugin while `ticket` holds its name, and fills the name if the ticket still holds it; on
    /// every failure the ticket is given back and the plugin made here stopped.
    private func attach(
        _ manifest: Manifest, identity: PluginName, location: Location, tls: TLSClient?, source: String, options: RegistrationOptions, directory: String?, under ticket: Ticket
    ) async throws(PluginError) -> PluginInfo {
        let key = identity.description
        var made: ExternalPlugin?
        do throws(PluginError) {
            let lazy = manifest.lazy || options.lazy
            let capabilities = lazy ? Capabilities(name: identity.name, namespace: identity.namespace, lazy: true)
                : try await fetchCapabilities(at: location, token: manifest.token, tls: tls, plugin: key, source: source, timeout: options.capabilitiesTimeout)
            let types = capabilities.types.mapValues { $0.map(\.type) }
            if let refusal = registry.refusal(for: ticket, types: types, path: source) { throw refusal }
            // The manifest's token rides every request, the way a spawned v2 plugin's does.
            var settings = launchSettings(options, transport: location.transport, configData: [], environment: manifest.token.map { ["PLUGBOARD_TOKEN": $0] } ?? [:])
            settings.tls = tls
            let plugin = ExternalPlugin(name: key, path: source, origin: .attached(location), capabilities: capabilities, settings: settings, context: context)
            made = plugin
            if let cancellation = registry.adopt(plugin, for: ticket) { throw cancellation }
            if !lazy { _ = try await plugin.readyPool() }
            let entry = try registry.complete(ticket, with: Entry(
                name: key, kind: .attached, path: source, types: types, capabilities: capabilities, external: plugin,
                directory: directory, stamp: directory == nil ? nil : FileSystem.info(source), options: options
            )).get()
            // In the same step as the insert: a shutdown cannot come between, and it stops the plugin, which ends this.
            let interval = options.healthCheckInterval
            _ = context.runner.submit {
                await plugin.monitor(every: interval) { reason in
                    await self.dropAttached(key, plugin: plugin, reason: reason)
                }
            }
            logger.info("attached plugin", metadata: ["plugin": "\(key)", "location": "\(location.url(tls: tls != nil))"])
            return info(entry)
        } catch {
            // Taken back meanwhile (removed, shut down): that is the error, not the failure it caused.
            let cancellation = registry.release(ticket)
            await made?.shutdown()
            throw cancellation ?? error
        }
    }

    /// Asks a running plugin for its capabilities (`GET /plugboard/v2/capabilities`); a plugin that does not serve
    /// them (v1) is attached with no contract types, reachable by name. `timeout` is the registration's
    /// ``RegistrationOptions/capabilitiesTimeout``: connecting and the answer together.
    func fetchCapabilities(at location: Location, token: String?, tls: TLSClient?, plugin: String, source: String, timeout: Duration) async throws(PluginError) -> Capabilities {
        let pool = ConnectionPool(location: location, group: context.group, options: .init(maxConnections: 1, maxResponseSize: 4 << 20, connectTimeout: timeout, token: token, tls: tls))
        defer { pool.close() }
        let response: HTTPResponse
        do {
            response = try await pool.send(.get, V2Paths.capabilities, body: [], deadline: .now + timeout)
        } catch HTTPClientFailure.timedOut, PoolFailure.timedOut, PoolFailure.backlogFull {
            throw PluginError(.timeout, plugin: plugin, path: source, message: "did not answer GET \(V2Paths.capabilities) at \(pool.url) within \(timeout) (RegistrationOptions.capabilitiesTimeout)")
        } catch {
            throw PluginError(ExternalPlugin.code(for: error), plugin: plugin, path: source, message: "is not reachable at \(pool.url): \(ExternalPlugin.reason(error))")
        }
        if response.status == 401 {
            throw PluginError(.connection, plugin: plugin, path: source, message: "answered 401 at \(pool.url): it requires a token \(token == nil ? "and its manifest gives none" : "other than its manifest's")", status: 401)
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

    /// The TLS an `https://` manifest's plugin is reached with: ``RegistrationOptions/tls`` with the manifest's own
    /// `tls` keys (files relative to the manifest) in place of the fields they set. Nil for a plain URL; one that
    /// has `tls` keys is refused, so a plugin meant for TLS is never reached in plain HTTP.
    func tlsClient(for manifest: Manifest, plugin: String, source: String, options: RegistrationOptions) throws(PluginError) -> TLSClient? {
        guard let tls = try PluginTLS(manifest: manifest, at: source, defaults: options.tls) else { return nil }
        return try TLSClient(tls, plugin: plugin, source: source, url: manifest.url)
    }

    /// Drops an attached plugin that stopped answering, if it is still the one registered under `key`.
    func dropAttached(_ key: String, plugin: ExternalPlugin, reason: String) async {
        guard case .removed(let entry) = registry.remove(key, where: { $0.external === plugin }) else { return }
        logger.warning("dropping attached plugin", metadata: ["plugin": "\(key)", "reason": "\(reason)"])
        await entry.external?.shutdown()
    }
}
