import PlugboardProtocol

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Discovery {
    /// Discovers the plugins in `directory` and asks each for its capabilities, ``defaultProbeConcurrency`` at a
    /// time, each within `timeout` from its own start. Failures are results, not errors: a broken plugin is a ``DiscoveredPlugin`` with an `error`.
    ///
    /// ```swift
    /// for plugin in try await Discovery.probe(directory: "./plugins") {
    ///     print(plugin.name, plugin.error?.message ?? "ok")
    /// }
    /// ```
    ///
    /// - Throws: ``FileError`` when the directory cannot be read.
    public static func probe(
        directory: String,
        filter: (@Sendable (String) -> Bool)? = nil,
        timeout: Duration = .seconds(5),
        cache: CapabilitiesCache? = nil,
        sandbox: SandboxPolicy = .disabled,
        concurrency: Int = defaultProbeConcurrency,
        progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil
    ) async throws(FileError) -> [DiscoveredPlugin] {
        try await probe(
            directory: directory, filter: filter, timeout: timeout, cache: cache, launcher: Launcher.locate(), sandbox: { _ in sandbox },
            concurrency: concurrency, progress: progress
        )
    }

    static func probe(
        directory: String, filter: (@Sendable (String) -> Bool)?, timeout: Duration, cache: CapabilitiesCache?,
        launcher: Result<Launcher, LauncherMissing>, pins: PinSet? = nil, sandbox: @escaping @Sendable (String) -> SandboxPolicy = { _ in .disabled },
        concurrency: Int = defaultProbeConcurrency, progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil
    ) async throws(FileError) -> [DiscoveredPlugin] {
        let candidates = try candidates(in: directory, filter: filter)
        return await probe(candidates, timeout: timeout, cache: cache, launcher: launcher, pins: pins, sandbox: sandbox, concurrency: concurrency, progress: progress)
    }

    /// Asks one plugin file for its capabilities, running it under `sandbox`.
    public static func probe(file path: String, timeout: Duration = .seconds(5), cache: CapabilitiesCache? = nil, sandbox: SandboxPolicy = .disabled) async -> DiscoveredPlugin {
        await probe(file: path, timeout: timeout, cache: cache, launcher: Launcher.locate(), sandbox: { _ in sandbox })
    }

    static func probe(
        file path: String, timeout: Duration, cache: CapabilitiesCache?, launcher: Result<Launcher, LauncherMissing>, pins: PinSet? = nil,
        sandbox: @escaping @Sendable (String) -> SandboxPolicy = { _ in .disabled }
    ) async -> DiscoveredPlugin {
        let name = String(path.split(separator: "/").last ?? Substring(path))
        guard let info = FileSystem.info(path) else {
            return DiscoveredPlugin(name: name, path: path, capabilities: nil, error: PluginError(.capabilities, plugin: name, path: path, message: "no such file"))
        }
        guard info.isRegular, FileSystem.isExecutable(path) else {
            return DiscoveredPlugin(name: name, path: path, capabilities: nil, error: PluginError(.capabilities, plugin: name, path: path, message: "not an executable file"))
        }
        return await probe([Candidate(name: name, path: path)], timeout: timeout, cache: cache, launcher: launcher, pins: pins, sandbox: sandbox, progress: nil)[0]
    }

    /// How many `capabilities` probes run at once by default: twice the processors, and at least 4. Probes are
    /// CPU-bound process starts; started all at once, a directory of many (Python) plugins made each wait behind
    /// its siblings until its own deadline, counted from the start, passed.
    public static var defaultProbeConcurrency: Int {
        max(4, 2 * Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }

    /// Probes `candidates`, at most `concurrency` at a time (a new one starts as one ends), each within `timeout`
    /// from its own start.
    static func probe(
        _ candidates: [Candidate], timeout: Duration, cache: CapabilitiesCache? = nil, launcher: Result<Launcher, LauncherMissing>,
        pins: PinSet? = nil, sandbox: @escaping @Sendable (String) -> SandboxPolicy = { _ in .disabled }, concurrency: Int = defaultProbeConcurrency,
        progress: (@Sendable (Int, Int) -> Void)?
    ) async -> [DiscoveredPlugin] {
        // Plugins of one directory often serve the same contract: each distinct schema text is compiled once.
        let validSchemas = ValidSchemaTexts()
        return await withTaskGroup(of: DiscoveredPlugin.self) { group in
            var pending = candidates[...]
            func startNext() {
                guard let candidate = pending.popFirst() else { return }
                group.addTask {
                    do throws(PluginError) {
                        // A pinned file is hashed at every probe, before the cache is consulted: a cached answer never
                        // stands in for the check, and the probe runs the very file that was hashed.
                        let pinned = try pins?.check(name: candidate.name, path: candidate.path)
                        let capabilities: Capabilities
                        var report: SandboxReport?
                        let known = cache?.lookup(candidate.path)
                        if let cached = known?.capabilities {
                            capabilities = cached
                        } else {
                            (capabilities, report) = try await CapabilitiesProbe.run(candidate, timeout: timeout, launcher: launcher, pinned: pinned, sandbox: sandbox(candidate.name))
                            try SchemaSupport.checkSchemas(capabilities, plugin: capabilities.name ?? candidate.name, path: candidate.path, known: validSchemas)
                            cache?.store(capabilities, for: candidate.path, fingerprint: known?.fingerprint)
                        }
                        return DiscoveredPlugin(name: candidate.name, path: candidate.path, capabilities: capabilities, error: nil, sha256: pinned?.digest, sandbox: report)
                    } catch {
                        return DiscoveredPlugin(name: candidate.name, path: candidate.path, capabilities: nil, error: error)
                    }
                }
            }
            for _ in 0..<max(1, concurrency) { startNext() }
            var results: [DiscoveredPlugin] = []
            for await result in group {
                results.append(result)
                progress?(results.count, candidates.count)
                startNext()
            }
            return results.sorted { $0.name < $1.name }
        }
    }
}
