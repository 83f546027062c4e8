import Logging
import NIOCore
import NIOPosix
import PlugboardProtocol

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Plugin {
    /// Runs the plugin as its command line asks and returns the process exit status.
    ///
    /// - `capabilities`: prints the capabilities JSON on stdout; 0.
    /// - `--config '<json>'`, `--config=<json>` or `--config-stdin`: serves until stopped; 0 after a clean stop.
    /// - anything else, or a missing or malformed config: one line on stderr naming the problem; 2.
    public func run(arguments: [String] = CommandLine.arguments) async -> Int32 {
        switch invocation(arguments: arguments) {
        case .finished(let status):
            return status
        case .serve(let mode, let executable):
            return await serve(mode, executable: executable)
        }
    }

    /// What a command line asks of the plugin, once the commands that need no server have run.
    enum Invocation {
        /// The command ran (`capabilities`, `--help`, or a usage error was printed); exit with this status.
        case finished(Int32)
        /// Serve as `mode` says; `executable` names the plugin in error lines.
        case serve(ServeMode, executable: String)
    }

    /// How a serving command gets its config.
    enum ServeMode {
        /// `--config '<json>'` or `--config=<json>`.
        case config(String)
        /// `--config-stdin`.
        case configFromStdin
        /// `--attach DIR [--tcp] [--listen …] [--tls-cert …]`.
        case attach(AttachOptions)
    }

    /// Parses the command line and runs the commands that need no server, synchronously: `capabilities` and
    /// `--help` start no event loop, no thread and no task (docs/PERFORMANCE.md).
    func invocation(arguments: [String]) -> Invocation {
        let executable = arguments.first.map { String($0.split(separator: "/").last ?? Substring($0)) } ?? name
        let command: PluginArguments
        do {
            command = try PluginArguments.parse(Array(arguments.dropFirst()))
        } catch {
            Self.printError("\(executable): \(error.message)\n\(PluginArguments.usage(name: executable))")
            return .finished(2)
        }
        switch command {
        case .help:
            Self.printLine(PluginArguments.usage(name: executable))
            return .finished(0)
        case .capabilities:
            do {
                Self.printLine(String(decoding: try WireJSON.encode(capabilities), as: UTF8.self))
                return .finished(0)
            } catch {
                Self.printError("\(executable): cannot describe its capabilities: \(error)")
                return .finished(1)
            }
        case .start(let text):
            return .serve(.config(text), executable: executable)
        case .startFromStdin:
            return .serve(.configFromStdin, executable: executable)
        case .attach(let options):
            return .serve(.attach(options), executable: executable)
        }
    }

    /// Serves as `mode` asks, until stopped.
    func serve(_ mode: ServeMode, executable: String) async -> Int32 {
        switch mode {
        case .config(let text):
            return await start(configText: text, executable: executable)
        case .attach(let options):
            // The pid keeps two attached copies of one plugin on a machine from claiming the same socket.
            let id = (namespace.map { "\($0)." } ?? "") + name + "-\(getpid())"
            let config = PluginConfig(id: id, type: options.transport)
            return await start(configText: String(decoding: (try? WireJSON.encode(config)) ?? [], as: UTF8.self), executable: executable, attach: options)
        case .configFromStdin:
            guard let line = readLine(strippingNewline: true) else {
                Self.printError("\(executable): invalid --config: --config-stdin given but stdin closed before a config line")
                return 2
            }
            return await start(configText: line, executable: executable)
        }
    }

    private func start(configText: String, executable: String, attach: AttachOptions? = nil) async -> Int32 {
        let config: PluginConfig
        do {
            guard !configText.allSatisfy(\.isWhitespace) else { throw PluginRunError.badConfig("the config is empty") }
            do {
                config = try PluginConfig.parse(Array(configText.utf8))
            } catch {
                throw PluginRunError.badConfig(error.description)
            }
        } catch {
            Self.printError("\(executable): \(error)")
            return 2
        }
        var logger = Logger(label: name) { JSONLineLogHandler(label: $0) }
        logger.logLevel = getenv("PLUGBOARD_LOG_LEVEL").flatMap { Logger.Level(rawValue: String(cString: $0)) } ?? .info
        logger[metadataKey: "plugin"] = "\(config.id)"
        do {
            try await serve(config: config, logger: logger, attach: attach)
            return 0
        } catch let error as PluginRunError {
            Self.printError("\(executable): \(error)")
            return error.exitStatus
        } catch {
            Self.printError("\(executable): \(error)")
            return 1
        }
    }

    /// 32 random hex digits (128 bits) from the system's generator.
    static func makeToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdef")
        return String((0..<32).map { _ in digits[Int(generator.next() % 16)] })
    }

    private func serve(config: PluginConfig, logger: Logger, attach: AttachOptions?) async throws {
        let manifestDirectory = attach?.directory
        let tlsFiles = attach?.tls
        // Loaded before anything starts: an unreadable file stops the plugin with one line naming it.
        let tls = try tlsFiles.map { files throws(PluginRunError) in try TLSServer(files, logger: logger) }
        let stop = mainThread?.stop ?? StopTrigger()
        let events = EventHub()
        let context = PluginContext(config: config, logger: logger, stop: stop, events: events)
        var router = Router()
        for mount in mounts {
            do {
                router.add(try mount(context))
            } catch {
                throw PluginRunError.badConfig("cannot set up: \(error)")
            }
        }
        router.setMethods(methods, handlers: methodHandlers.mapValues { handler in { try await handler($0, context) } })
        // Encoded when asked for, not before the location line: a first encode of these types costs the runtime's
        // conformance lookups (~0.5 ms in a static binary), and hosts usually read `capabilities` from the command.
        let plugin = self
        router.add([Route(method: .get, path: V2Paths.capabilities) { _ in try WireJSON.encode(try plugin.capabilities) }])
        if let activate {
            do {
                try await activate(context)
            } catch {
                throw PluginRunError.hook("onActivate failed: \(error)")
            }
        }
        // Attached: a random token of its own, written only into its manifest (mode 0600), required on every request;
        // under mutual TLS the client's certificate is the credential instead (a host on another machine cannot
        // read the manifest).
        let attachToken = manifestDirectory == nil || tlsFiles?.clientCA != nil ? nil : Self.makeToken()
        let token = attachToken.map { Array($0.utf8) }
            ?? getenv("PLUGBOARD_TOKEN").map { Array(String(cString: $0).utf8) }.flatMap { $0.isEmpty ? nil : $0 }
        let activity = ActivityTracker()
        let server = PluginServer(router: router, logger: logger, configuration: configuration, activity: activity, stop: stop, token: token, events: events, tls: tls)

        let target: BindTarget
        var lock: SocketLock?
        switch config.type {
        case .unix:
            let path = try SocketPath.make(id: config.id, hostDirectory: config.socketDirectory, configuredDirectory: configuration.socketDirectory)
            lock = try SocketLock.acquire(socketPath: path)
            target = .unix(path: path)
        case .tcp:
            target = .tcp(attach?.listen ?? .loopback)
        }
        defer { lock?.release() }

        let group = sharedEventLoopGroup ? MultiThreadedEventLoopGroup.singleton : MultiThreadedEventLoopGroup(numberOfThreads: max(1, configuration.threads))
        let ownsGroup = !sharedEventLoopGroup
        var manifest: ManifestFile?
        do {
            try await run(server: server, target: target, group: group, config: config, activity: activity, stop: stop, logger: logger) { location in
                guard let manifestDirectory else { return }
                manifest = try ManifestFile.write(
                    Manifest(name: name, namespace: namespace, url: server.url(location), lazy: lazy, pid: getpid(), token: attachToken),
                    in: manifestDirectory
                )
            }
            manifest?.remove()
            if let deactivate { await deactivate(context) }
            if ownsGroup { try? await group.shutdownGracefully() }
        } catch {
            manifest?.remove()
            if ownsGroup { try? await group.shutdownGracefully() }
            throw error
        }
    }

    private func run(
        server: PluginServer,
        target: BindTarget,
        group: any EventLoopGroup,
        config: PluginConfig,
        activity: ActivityTracker,
        stop: StopTrigger,
        logger: Logger,
        announce: (Location) throws -> Void
    ) async throws {
        let listener: any Channel
        do {
            listener = try await server.bind(target, group: group)
        } catch let error as PluginRunError {
            throw error
        } catch {
            throw PluginRunError.listen("\(error)")
        }
        let location: Location
        switch target {
        case .unix(let path):
            location = .unix(path: path)
        case .tcp(let address):
            location = .tcp(host: address.announcedHost, port: listener.localAddress?.port ?? 0)
        }

        // An attached plugin's manifest goes out before anything else can fail or wait: if it cannot be written,
        // the plugin stops here with that error instead of serving unannounced.
        do {
            try announce(location)
        } catch {
            try? await listener.close()
            throw error
        }
        // Trap the signals before the location line goes out: a host may send SIGTERM the moment it reads it.
        var signals: SignalWatch.OnLoop?
        if mainThread == nil {
            do {
                signals = try await SignalWatch.OnLoop(descriptor: try SignalWatch.trap(), group: group)
            } catch {
                try? await listener.close()
                throw error
            }
        }
        try await withThrowingTaskGroup(of: RunTask.self) { tasks in
            tasks.addTask {
                try await server.serve(listener)
                return .server
            }
            if let signals {
                tasks.addTask {
                    if await signals.waitForSignal() { stop.fire(.signal) }
                    return .watcher
                }
            }
            let loop = group.next()
            if let idle = config.idleTimeout?.duration, idle > .zero {
                tasks.addTask {
                    try await activity.waitForIdle(idle, on: loop)
                    stop.fire(.idleTimeout)
                    return .watcher
                }
            }
            if config.parentWatch == true, ParentWatch.inputIsWatchable(logger: logger) {
                if let mainThread {
                    mainThread.watchInput()
                } else {
                    tasks.addTask {
                        await ParentWatch.waitForEndOfInput(group: group, logger: logger, stop: stop)
                        return .watcher
                    }
                }
            }
            // The location line is the host's signal that the listener is up.
            Self.printLine(server.url(location))
            logger.debug("listening", metadata: ["location": "\(location)"])
            let reason = await stop.wait()
            logger.info("stopping", metadata: ["reason": "\(reason.rawValue)"])
            // The events stream ends first (the host sees it close); then in-flight requests drain.
            server.events.close()
            try await Self.drain(&tasks, within: configuration.gracefulStopTimeout, on: loop, logger: logger)
        }
    }

    /// What a task of the run group was.
    enum RunTask: Sendable {
        case server, watcher, graceTimer
    }

    /// Waits for the server to finish its in-flight requests (watchers that already returned are skipped), for at
    /// most `timeout`, then cancels whatever is left.
    private static func drain(_ tasks: inout ThrowingTaskGroup<RunTask, any Error>, within timeout: Duration, on loop: any EventLoop, logger: Logger) async throws {
        tasks.addTask {
            try await loop.sleep(until: .now + timeout)
            return .graceTimer
        }
        while true {
            do {
                guard let finished = try await tasks.next() else { break }
                if finished == .server { break }
                if finished == .graceTimer {
                    logger.warning("in-flight requests did not finish within \(timeout); closing")
                    break
                }
            } catch is CancellationError {
                continue
            }
        }
        tasks.cancelAll()
        while let _ = try? await tasks.next() {}
    }

    static func printLine(_ text: String) { writeAll(1, text + "\n") }

    static func printError(_ text: String) { writeAll(2, text + "\n") }

    /// Writes to a file descriptor without stdio buffering, so a line is out before anything that follows.
    static func writeAll(_ fd: Int32, _ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            bytes = bytes.dropFirst(written)
        }
    }
}
