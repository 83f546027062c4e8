import PlugboardProtocol

extension PluginManager {
    /// Starts watching a directory (inotify, no polling): see ``RegistrationOptions/watch``.
    func startWatching(_ directory: String, options: RegistrationOptions) throws(PluginError) {
        if isShutDown { throw shutDownError("", path: directory, cannot: "watch the directory") }
        guard !watched.contains(directory) else { return }
        let watcher: DirectoryWatcher
        do {
            watcher = try DirectoryWatcher(directory: directory)
        } catch {
            throw PluginError(.watchFailed, plugin: "", path: directory, message: error.description)
        }
        watched.insert(directory)
        let group = context.group
        let stopping = self.stopping
        let logger = self.logger
        let submitted = context.runner.submit {
            await withTaskGroup(of: Void.self) { tasks in
                tasks.addTask {
                    logger.debug("watching", metadata: ["directory": "\(directory)"])
                    // Whatever changed between the first listing and the watch being set is caught here.
                    await self.rescan(directory, options: options)
                    do {
                        try await watcher.run(group: group) {
                            logger.debug("directory changed", metadata: ["directory": "\(directory)"])
                            await self.rescan(directory, options: options)
                        }
                    } catch is CancellationError {
                        return
                    } catch {
                        logger.error("stopped watching", metadata: ["directory": "\(directory)", "error": "\(error)"])
                    }
                }
                tasks.addTask { _ = try? await stopping.wait() }
                await tasks.next()
                tasks.cancelAll()
            }
        }
        guard submitted else { throw PluginError(.notRunning, plugin: "", path: directory, message: "cannot watch: the plugin manager is not running") }
    }

    /// Brings the registry in line with a watched directory: new files register, removed ones go, replaced ones reload.
    ///
    /// It decides on a snapshot, then acts on each plugin only if the registration it looked at is still there
    /// (by serial): a plugin removed, reloaded or re-registered meanwhile by someone else is left to them.
    func rescan(_ directory: String, options: RegistrationOptions) async {
        guard !isShutDown else { return }
        let candidates: [Discovery.Candidate]
        do {
            candidates = try Discovery.candidates(in: directory, filter: options.filter)
        } catch {
            logger.error("cannot read watched directory", metadata: ["directory": "\(directory)", "error": "\(error)"])
            return
        }
        let manifests = Discovery.manifests(in: directory, filter: options.filter)
        let present = Set(candidates.map(\.path) + manifests)
        for entry in registry.entries(in: directory) {
            guard !isShutDown else { return }
            guard let path = entry.path else { continue }
            if !present.contains(path) {
                logger.info("plugin file went away; removing", metadata: ["plugin": "\(entry.name)", "path": "\(path)"])
                await remove(entry.name, serial: entry.serial)
            } else if let stamp = FileSystem.info(path), stamp != entry.stamp {
                logger.info("plugin file changed; reloading", metadata: ["plugin": "\(entry.name)", "path": "\(path)"])
                report(try? await reload(entry.name, serial: entry.serial))
            }
        }
        guard !isShutDown else { return }
        // Read again after the awaits above; a file registered or attached meanwhile is joined, not added twice.
        let known = registry.knownPaths
        let fresh = candidates.filter { !known.contains($0.path) }
        if !fresh.isEmpty {
            // The lock file is read again at each rescan: a file pinned meanwhile is accepted, a changed one refused.
            do {
                let pins = try options.pinning.digests(for: directory)
                let probed = await Discovery.probe(fresh, timeout: options.capabilitiesTimeout, cache: capabilitiesCache, launcher: context.launcher, pins: pins, sandbox: { options.sandboxPolicy(for: $0) }, concurrency: options.maxConcurrentProbes, progress: nil)
                report(await register(probed, options: options, directory: directory))
            } catch {
                report(RegistrationReport(failures: [error]))
            }
        }
        for manifest in manifests where !known.contains(manifest) {
            guard !isShutDown else { return }
            do {
                _ = try await attach(manifest: manifest, options: options, directory: directory)
            } catch {
                logger.warning("skipping attached plugin", metadata: ["error": "\(error)"])
            }
        }
    }

    private func report(_ report: RegistrationReport?) {
        guard let report else { return }
        for failure in report.failures {
            logger.warning("plugin not registered", metadata: ["error": "\(failure)"])
        }
    }
}
