import Logging
import PlugboardProtocol

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A plugin the host starts from its executable, with the config it negotiated from the plugin's capabilities.
struct SpawnedBackend: PluginBackend {
    let name: String
    let path: String
    let capabilities: Capabilities
    let settings: LaunchSettings
    let context: HostContext
    let logger: Logger

    var ownsProcess: Bool { true }
    var capabilitiesAreComplete: Bool { true }

    func makeLaunch(generation: Int, onExit: @escaping @Sendable (ProcessExit) -> Void) -> any PluginLaunch {
        SpawnedLaunch(backend: self, onExit: onExit)
    }

    /// How to run the executable: config on stdin or argv, the socket directory, the parent watch, the token.
    func makeSpawnSpec(launcher: Launcher) throws -> SpawnSpec {
        var config = PluginConfig(
            id: "\(name)-\(getpid())-\(context.nextInstance())",
            type: settings.transport,
            idleTimeout: settings.idleTimeout,
            configTypes: settings.configData
        )
        var environment: [String: String?] = settings.environment.mapValues { $0 }
        if capabilities.supports(.socketDirectory), settings.transport == .unix { config.socketDirectory = settings.socketDirectory }
        if capabilities.supports(.parentWatch) { config.parentWatch = true }
        // A token the host inherited must not reach a plugin that did not ask for one: it would demand it.
        if !capabilities.supports(.token) { environment["PLUGBOARD_TOKEN"] = .some(nil) }
        let text = String(decoding: try WireJSON.encode(config), as: UTF8.self)
        let pinned = try settings.pinnedDigest.map { digest throws(PluginError) in
            try PinSet(digests: [fileName: digest], origin: "the digest it was registered with").check(name: fileName, path: path)
        }
        let sandbox = try makeSandbox(environment: &environment)
        if capabilities.supports(.configStdin) {
            return SpawnSpec(launcher: launcher, executable: path, arguments: ["--config-stdin"], environment: environment, stdinLine: text, logger: logger, pinned: pinned, sandbox: sandbox)
        }
        return SpawnSpec(launcher: launcher, executable: path, arguments: ["--config", text], environment: environment, stdinLine: nil, logger: logger, pinned: pinned, sandbox: sandbox)
    }

    /// The sandbox's files for one process, and its scratch directory in the environment (`TMPDIR`, so that a
    /// v1 plugin's socket lands where it may bind).
    private func makeSandbox(environment: inout [String: String?]) throws -> SandboxLaunch? {
        guard settings.sandbox.isEnabled else { return nil }
        let socketDirectory = capabilities.supports(.socketDirectory) && settings.transport == .unix ? settings.socketDirectory : nil
        let inherited = environment.compactMapValues { $0 }
        let sandbox = try SandboxLaunch(
            policy: settings.sandbox, executable: path, environment: inherited, transport: settings.transport, socketDirectory: socketDirectory
        )
        environment["TMPDIR"] = .some(sandbox.scratchDirectory)
        environment["PLUGBOARD_SCRATCH"] = .some(sandbox.scratchDirectory)
        return sandbox
    }

    /// The plugin file's name (its key in a lock file).
    private var fileName: String { String(path.split(separator: "/").last ?? Substring(path)) }

    func removeLeftovers(at location: Location, of pid: Int32?) -> [String] {
        guard case .unix(let path) = location else { return [] }
        let lockPath = path + ".lock"
        // A live pid other than the ended plugin's owns them; the ended plugin's own pid is dead (reaped), even when
        // the number has since been given to another process.
        if let text = FileSystem.readSmallFile(lockPath, limit: 64).map({ String(decoding: $0, as: UTF8.self) }),
           let owner = pid_t(text.filter { !$0.isWhitespace }), owner > 0, owner != pid, kill(owner, 0) == 0 || errno == EPERM {
            return []
        }
        let removed = [path, lockPath].filter { (file: String) in unlink(file) == 0 }
        if !removed.isEmpty {
            logger.warning("plugin left files behind; removed them", metadata: ["files": "\(removed.joined(separator: ", "))"])
        }
        return removed
    }
}
