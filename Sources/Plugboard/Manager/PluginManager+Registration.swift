import Logging
import PlugboardProtocol

extension PluginManager {
    /// Discovers the plugins in `directory`, asks each for its capabilities (in parallel, each with a deadline),
    /// registers those that answer, and starts the ones that are not lazy.
    ///
    /// A plugin whose capabilities fail, hang or do not parse, whose schema is invalid, or that claims a contract
    /// type another plugin already serves, is skipped and reported in ``RegistrationReport/failures``; it never
    /// stops the others.
    ///
    /// - Throws: ``FileError`` when the directory cannot be read; ``PluginError`` with code `notRunning` after
    ///   ``shutdown()``.
    @discardableResult
    public func registerPlugins(in directory: String, options: RegistrationOptions = .init()) async throws -> RegistrationReport {
        guard !isShutDown else { throw PluginError(.shutDown, plugin: "", message: "the plugin manager is shut down") }
        let probed = try await Discovery.probe(directory: directory, filter: options.filter, timeout: options.capabilitiesTimeout, cache: capabilitiesCache)
        var report = await register(probed, options: options, directory: directory)
        for manifest in Discovery.manifests(in: directory, filter: options.filter) {
            do {
                report.registered.append(try await attach(manifest: manifest, options: options, directory: directory))
            } catch {
                logger.warning("skipping attached plugin", metadata: ["error": "\(error)"])
                report.failures.append(error)
            }
        }
        if options.watch { try startWatching(directory, options: options) }
        return report
    }

    /// Registers one plugin executable by path (it need not sit in a plugin directory).
    @discardableResult
    public func registerPlugin(at path: String, options: RegistrationOptions = .init()) async throws -> RegistrationReport {
        guard !isShutDown else { throw PluginError(.shutDown, plugin: "", message: "the plugin manager is shut down") }
        return await register([await Discovery.probe(file: path, timeout: options.capabilitiesTimeout, cache: capabilitiesCache)], options: options, directory: nil)
    }

    func register(_ probed: [DiscoveredPlugin], options: RegistrationOptions, directory: String?) async -> RegistrationReport {
        var report = RegistrationReport()
        var toStart: [ExternalPlugin] = []
        for discovered in probed {
            switch (discovered.capabilities, discovered.error) {
            case (_, let error?):
                logger.warning("skipping plugin", metadata: ["error": "\(error)"])
                report.failures.append(error)
            case (nil, nil):
                break
            case (let capabilities?, nil):
                do throws(PluginError) {
                    let plugin = try addExternal(Discovery.Candidate(name: discovered.name, path: discovered.path), capabilities: capabilities, options: options, directory: directory)
                    if !(options.lazy || capabilities.lazy == true) { toStart.append(plugin) }
                } catch {
                    logger.warning("skipping plugin", metadata: ["error": "\(error)"])
                    report.failures.append(error)
                }
            }
        }
        let startFailures = await withTaskGroup(of: PluginError?.self) { group in
            for plugin in toStart {
                group.addTask {
                    do {
                        _ = try await plugin.readyPool()
                        return nil
                    } catch {
                        return error as? PluginError ?? PluginError(.spawnFailed, plugin: plugin.name, path: plugin.path, message: "\(error)")
                    }
                }
            }
            var failures: [PluginError] = []
            for await case let failure? in group { failures.append(failure) }
            return failures
        }
        for failure in startFailures {
            logger.warning("plugin did not start", metadata: ["error": "\(failure)"])
        }
        report.failures += startFailures.sorted { $0.plugin < $1.plugin }
        report.registered = probed.compactMap { candidate in
            entries.values.first { $0.path == candidate.path }.map(info)
        }
        return report
    }

    /// Validates and records one external plugin.
    private func addExternal(_ candidate: Discovery.Candidate, capabilities: Capabilities, options: RegistrationOptions, directory: String?) throws(PluginError) -> ExternalPlugin {
        let name = capabilities.name ?? candidate.name
        do { _ = try PluginName(name, namespace: capabilities.namespace) } catch {
            throw PluginError(.capabilities, plugin: name, path: candidate.path, message: "its declared name is unusable: \(error.description)")
        }
        let key = capabilities.namespace.map { "\($0)/\(name)" } ?? name
        if let existing = entries[key] {
            throw PluginError(.duplicateName, plugin: name, path: candidate.path,
                              message: "a plugin named \"\(key)\" is already registered (\(existing.path ?? "internal"))")
        }
        // Validate everything before claiming contract types, so a refused plugin leaves no trace in the registry.
        let configData = try configData(for: capabilities, from: options.configData, plugin: name, path: candidate.path)
        try claim(capabilities.types.mapValues { $0.map(\.type) }, for: key, path: candidate.path)
        let transport = resolveTransport(options.transport, capabilities: capabilities)
        var environment = options.environment
        environment["PLUGBOARD_TOKEN"] = capabilities.supports(.token) ? Self.makeToken() : nil
        let settings = launchSettings(options, transport: transport, configData: configData, environment: environment)
        let plugin = ExternalPlugin(name: key, path: candidate.path, capabilities: capabilities, settings: settings, context: context)
        entries[key] = Entry(
            name: key,
            kind: .external,
            path: candidate.path,
            types: capabilities.types.mapValues { $0.map(\.type) },
            capabilities: capabilities,
            external: plugin,
            directory: directory,
            stamp: FileSystem.info(candidate.path),
            options: options
        )
        return plugin
    }

    func launchSettings(_ options: RegistrationOptions, transport: TransportKind, configData: [ConfigData], environment: [String: String]) -> LaunchSettings {
        LaunchSettings(
            transport: transport,
            idleTimeout: options.idleTimeout,
            configData: configData,
            startupTimeout: options.startupTimeout,
            callTimeout: options.callTimeout,
            shutdownTimeout: options.shutdownTimeout,
            socketDirectory: transport == .unix ? privateSocketDirectory() : nil,
            maxConnections: max(1, options.maxConnections),
            maxWaiters: max(0, options.maxQueuedCalls),
            backoff: options.restartBackoff,
            maxResponseSize: options.maxResponseSize,
            environment: environment
        )
    }

    /// Records that `owner` serves these contract types, refusing any another plugin already serves.
    func claim(_ types: [String: [String]], for owner: String, path: String?) throws(PluginError) {
        for (contract, names) in types.sorted(by: { $0.key < $1.key }) {
            for type in names {
                if let other = owners[ContractKey(contract: contract, type: type)], other != owner {
                    throw PluginError(.duplicateContractType, plugin: owner, path: path,
                                      message: "contract \"\(contract)\" type \"\(type)\" is already served by plugin \"\(other)\"")
                }
            }
        }
        for (contract, names) in types {
            for type in names { owners[ContractKey(contract: contract, type: type)] = owner }
        }
    }

    private func resolveTransport(_ preference: TransportPreference, capabilities: Capabilities) -> TransportKind {
        switch preference {
        case .unix: return .unix
        case .tcp: return .tcp
        case .automatic:
            // A v2 plugin binds in the host's private directory; without one it falls back to TCP, saying so.
            if capabilities.supports(.socketDirectory) && privateSocketDirectory() == nil { return .tcp }
            return .unix
        }
    }

    static func makeToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdef")
        return String((0..<32).map { _ in digits[Int(generator.next() % 16)] })
    }
}
