import Logging
import PlugboardProtocol

extension PluginManager {
    /// Discovers the plugins in `directory`, asks each for its capabilities (in parallel, each with a deadline),
    /// registers those that answer, and starts the ones that are not lazy.
    ///
    /// A plugin whose capabilities fail, hang or do not parse, whose schema is invalid, or that claims a contract
    /// type another plugin already serves, is skipped and reported in ``RegistrationReport/failures``; it never
    /// stops the others. A file already registered (by an earlier or a concurrent call, or a directory watcher) is
    /// not registered twice: it is listed in ``RegistrationReport/registered`` as it is; another file claiming a
    /// registered name is reported with code `duplicateName`.
    ///
    /// - Throws: ``FileError`` when the directory cannot be read; ``PluginError`` with code `shutDown` once
    ///   ``shutdown()`` has begun (also when it begins meanwhile: what was registered is stopped by it).
    @discardableResult
    public func registerPlugins(in directory: String, options: RegistrationOptions = .init()) async throws -> RegistrationReport {
        activities.begin()
        defer { activities.end() }
        if isShutDown { throw shutDownError("", path: directory, cannot: "register plugins") }
        let pins = try options.pinning.digests(for: directory)
        let probed = try await Discovery.probe(
            directory: directory, filter: options.filter, timeout: options.capabilitiesTimeout, cache: capabilitiesCache, launcher: context.launcher, pins: pins, sandbox: { options.sandboxPolicy(for: $0) },
            concurrency: options.maxConcurrentProbes
        )
        var report = await register(probed, options: options, directory: directory)
        for manifest in Discovery.manifests(in: directory, filter: options.filter) {
            do {
                report.registered.append(try await attach(manifest: manifest, options: options, directory: directory))
            } catch {
                logger.warning("skipping attached plugin", metadata: ["error": "\(error)"])
                report.failures.append(error)
            }
        }
        if isShutDown { throw shutDownError("", path: directory, cannot: "register plugins") }
        if options.watch { try startWatching(directory, options: options) }
        return report
    }

    /// Registers one plugin executable by path (it need not sit in a plugin directory).
    @discardableResult
    public func registerPlugin(at path: String, options: RegistrationOptions = .init()) async throws -> RegistrationReport {
        activities.begin()
        defer { activities.end() }
        if isShutDown { throw shutDownError("", path: path, cannot: "register the plugin") }
        let pins = try options.pinning.digests(for: Self.directory(of: path))
        let probed = await Discovery.probe(file: path, timeout: options.capabilitiesTimeout, cache: capabilitiesCache, launcher: context.launcher, pins: pins, sandbox: { options.sandboxPolicy(for: $0) })
        let report = await register([probed], options: options, directory: nil)
        if isShutDown { throw shutDownError("", path: path, cannot: "register the plugin") }
        return report
    }

    /// Registers probed plugins and starts those that are not lazy. A reload passes the ticket it holds the
    /// plugin's name with: used for the file that still declares that name, given back otherwise, before any wait
    /// for another name (so two reloads can never each hold the name the other waits for).
    func register(_ probed: [DiscoveredPlugin], options: RegistrationOptions, directory: String?, holding held: Ticket? = nil) async -> RegistrationReport {
        var report = RegistrationReport()
        var toStart: [ExternalPlugin] = []
        var held = held
        if let ticket = held, !probed.contains(where: { discovered in discovered.capabilities.map { Self.registeredName($0, file: discovered.name) } == ticket.name }) {
            if let cancellation = registry.release(ticket) { report.failures.append(cancellation) }
            held = nil
        }
        for discovered in probed {
            switch (discovered.capabilities, discovered.error) {
            case (_, let error?):
                logger.warning("skipping plugin", metadata: ["error": "\(error)"])
                report.failures.append(error)
            case (nil, nil):
                break
            case (let capabilities?, nil):
                // Each try starts from what the registry says now: nothing seen before a wait is relied on after it.
                tries: while true {
                    let candidate = Discovery.Candidate(name: discovered.name, path: discovered.path)
                    switch addExternal(candidate, capabilities: capabilities, pinnedDigest: discovered.sha256, options: options, directory: directory, holding: held) {
                    case .added(let plugin, let start):
                        if start { toStart.append(plugin) }
                    case .joined:
                        break
                    case .busy(let done):
                        do {
                            try await waitForFlight(done, plugin: Self.registeredName(capabilities, file: discovered.name), path: discovered.path)
                            continue tries
                        } catch {
                            report.failures.append(error)
                        }
                    case .refused(let error):
                        logger.warning("skipping plugin", metadata: ["error": "\(error)"])
                        report.failures.append(error)
                    }
                    break tries
                }
            }
        }
        // Unused (the file failed, or declares another name now): the name is free again. Used: a no-op.
        if let held, let cancellation = registry.release(held) { report.failures.append(cancellation) }
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
        let entries = registry.entries
        report.registered = probed.compactMap { candidate in
            entries.first { $0.path == candidate.path }.map(info)
        }
        return report
    }

    /// Validates and records one external plugin, all in one step: its name is reserved, the entry made and the
    /// reservation filled with no `await` between.
    private func addExternal(
        _ candidate: Discovery.Candidate, capabilities: Capabilities, pinnedDigest: String?, options: RegistrationOptions, directory: String?, holding held: Ticket?
    ) -> Addition {
        let name = capabilities.name ?? candidate.name
        do { _ = try PluginName(name, namespace: capabilities.namespace) } catch {
            return .refused(PluginError(.capabilities, plugin: name, path: candidate.path, message: "its declared name is unusable: \(error.description)"))
        }
        let key = Self.registeredName(capabilities, file: candidate.name)
        let ticket: Ticket
        if let held, held.name == key {
            ticket = held
        } else {
            switch registry.reserve(key, path: candidate.path, for: .register) {
            case .reserved(let reserved): ticket = reserved
            case .joined: return .joined
            case .busy(let done): return .busy(done)
            case .refused(let error): return .refused(error)
            }
        }
        do throws(PluginError) {
            // Validate everything before filling the name, so a refused plugin leaves no trace in the registry.
            let configData = try configData(for: capabilities, from: options.configData, plugin: name, path: candidate.path)
            let types = capabilities.types.mapValues { $0.map(\.type) }
            if let refusal = registry.refusal(for: ticket, types: types, path: candidate.path) { throw refusal }
            let transport = resolveTransport(options.transport, capabilities: capabilities)
            var environment = options.environment
            environment["PLUGBOARD_TOKEN"] = capabilities.supports(.token) ? Self.makeToken() : nil
            let sandbox = options.sandboxPolicy(for: candidate.name)
            if let problem = sandbox.problem() {
                throw PluginError(.sandbox, plugin: key, path: candidate.path, message: "its sandbox policy is unusable: \(problem)")
            }
            var settings = launchSettings(options, transport: transport, configData: configData, environment: environment)
            settings.sandbox = sandbox
            settings.pinnedDigest = pinnedDigest
            // Made only now, and filled in with no await between: it is in the registry before anyone could stop it.
            let plugin = ExternalPlugin(name: key, path: candidate.path, capabilities: capabilities, settings: settings, context: context)
            _ = try registry.complete(ticket, with: Entry(
                name: key,
                kind: .external,
                path: candidate.path,
                types: types,
                capabilities: capabilities,
                external: plugin,
                directory: directory,
                stamp: FileSystem.info(candidate.path),
                options: options
            )).get()
            return .added(plugin, start: !(options.lazy || capabilities.lazy == true))
        } catch {
            registry.release(ticket)
            return .refused(error)
        }
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
            environment: environment,
            validation: options.contractValidation
        )
    }

    private func resolveTransport(_ preference: TransportPreference, capabilities: Capabilities) -> TransportKind {
        switch preference.base {
        case .unix: return .unix
        case .tcp: return .tcp
        case .automatic:
            // A v2 plugin binds in the host's private directory; without one it falls back to TCP, saying so.
            if capabilities.supports(.socketDirectory) && privateSocketDirectory() == nil { return .tcp }
            return .unix
        }
    }

    /// The directory a plugin file sits in (for its lock file).
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// The name a plugin file is registered under: the name it declares (or its file name), in its namespace.
    static func registeredName(_ capabilities: Capabilities, file: String) -> String {
        let name = capabilities.name ?? file
        return capabilities.namespace.map { "\($0)/\(name)" } ?? name
    }

    static func makeToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdef")
        return String((0..<32).map { _ in digits[Int(generator.next() % 16)] })
    }
}
