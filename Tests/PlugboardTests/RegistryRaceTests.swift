import Plugboard
import PlugboardContracts
import PlugboardProtocol
import PlugboardTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The registry under real concurrency: the operations the issue lists run at once on the same names, round after
/// round, each round a fresh manager on the same directory. Rounds are cheap: plugins are registered lazily and
/// only `load` starts processes.
@Suite("Registry races, real processes", .serialized)
struct RegistryRaceTests {
    static let rounds = 50

    /// The plugin names, from the files below.
    static let echo = "echo"
    static let rival = "echo-too"
    static let attached = "examples/text-tools"
    static let processor = "simple-processor"

    /// Options for every registration: lazy, and health checks out of the way (dropping a plugin is another test's).
    static let options: RegistrationOptions = {
        var options = TestHost.options(lazy: true)
        options.healthCheckInterval = .seconds(60)
        return options
    }()

    /// A plugin directory with `files` (name to built executable, see ``quickToProbe(_:_:runs:)``) and the
    /// manifests of plugins that attached themselves to it (`attaching`: built executables run with `--attach`),
    /// running for all rounds. `body` gets the directory and the manifests' paths, in the order of `attaching`.
    static func withDirectory(
        _ files: [String: String], attaching: [String] = ["text-tools"], _ body: @escaping @Sendable (PluginDirectory, [String]) async throws -> Void
    ) async throws {
        let directory = PluginDirectory()
        for (name, binary) in files { try await quickToProbe(directory, name, runs: binary) }
        try await attachAll(attaching[...], to: directory, running: []) { pids in
            try await body(directory, attaching.map { "\(directory.path)/\(Self.manifestName[$0] ?? $0).pconf" })
            #expect(Self.strays(in: directory.path) == pids.sorted(), "only the attached plugins may still run")
        }
    }

    /// Puts plugin `name` in the directory as a shell script that answers `capabilities` with what `binary` printed
    /// (asked once, here) and otherwise runs `binary` through a hidden link beside it. Each round probes its plugins
    /// several times: this makes a probe cost a shell rather than a Swift program's start, and the plugin's process
    /// still names the directory, which is how ``strays(in:)`` finds it.
    static func quickToProbe(_ directory: PluginDirectory, _ name: String, runs binary: String) async throws {
        let printed = try await TestProcess.run(TestBinaries.path(binary), ["capabilities"])
        var capabilities = try Capabilities.parse(Array(printed.stdout.utf8))
        capabilities.name = nil   // named after its file, as the binary linked under that name would be
        let json = String(decoding: try WireJSON.encode(capabilities), as: UTF8.self)
        #expect(!json.contains("'"))
        let link = directory.link(binary, as: ".\(name)-binary")
        directory.script(name, """
            if [ "$1" = capabilities ]; then printf '%s\\n' '\(json)'; exit 0; fi
            exec '\(link)' "$@"
            """)
    }

    /// The manifest file names (without the extension) the attaching plugins write.
    static let manifestName = ["text-tools": "examples.text-tools", "simple-processor": "simple-processor"]

    private static func attachAll(
        _ binaries: ArraySlice<String>, to directory: PluginDirectory, running: [Int32], _ body: @escaping @Sendable ([Int32]) async throws -> Void
    ) async throws {
        guard let binary = binaries.first else { return try await body(running) }
        let (status, _) = try await TestProcess.withLive(TestBinaries.path(binary), ["--attach", directory.path]) { live in
            _ = try await live.nextLine()   // its location: the manifest is in place
            try await attachAll(binaries.dropFirst(), to: directory, running: running + [live.pid], body)
            live.signal(SIGTERM)
        }
        #expect(status == 0, "\(binary) --attach did not exit cleanly")
    }

    /// The child processes of this test process that run from `directory` (the host's plugins and probes, and the
    /// attached plugin, which the test started): other tests' processes do not count.
    static func strays(in directory: String) -> [Int32] {
        Files.processes(mentioning: directory).filter { pid in
            guard let stat = Files.read("/proc/\(pid)/stat", limit: 512) else { return false }
            let text = String(decoding: stat, as: UTF8.self)
            guard let close = text.lastIndex(of: ")") else { return false }
            let fields = text[text.index(after: close)...].split(separator: " ")
            return fields.count > 1 && Int32(fields[1]) == getpid()
        }.sorted()
    }

    typealias Operation = (String, @Sendable (PluginManager) async throws -> Void)

    /// Runs `operations` at once; the `late` ones join them once `after` of those have finished, so that they meet
    /// the others at a different point in each round (no sleeps: they wait for the others' ends).
    static func race(_ manager: PluginManager, log: RaceLog, _ operations: [Operation], late: [Operation] = [], after: Int = 0) async {
        let (finished, finish) = AsyncStream.makeStream(of: Void.self)
        func run(_ label: String, _ operation: @Sendable (PluginManager) async throws -> Void) async {
            do { try await operation(manager) } catch { log.failed(label, error) }
            log.saw(await manager.plugins())
        }
        await withTaskGroup(of: Void.self) { group in
            for (label, operation) in operations {
                group.addTask {
                    await run(label, operation)
                    finish.yield()
                }
            }
            guard !late.isEmpty else { return }
            group.addTask {
                var iterator = finished.makeAsyncIterator()
                for _ in 0..<min(after, operations.count) { _ = await iterator.next() }
                await withTaskGroup(of: Void.self) { lateGroup in
                    for (label, operation) in late { lateGroup.addTask { await run(label, operation) } }
                }
            }
        }
        finish.finish()
    }

    /// Loads `name`, noting the pids it sees then.
    static func load(_ name: String, as label: String, log: RaceLog) -> Operation {
        (label, { manager in
            try await manager.load(name)
            log.saw(await manager.plugins())
        })
    }

    static func unload(_ name: String, as label: String) -> Operation {
        (label, { try await $0.unload(name) })
    }

    static func reload(_ name: String, as label: String, log: RaceLog) -> Operation {
        (label, { log.reported(try await $0.reload(name)) })
    }

    /// What holds whoever won each race: every name once, every contract type served by one plugin, every error a
    /// `PluginError` that names its plugin or file, and no `duplicateName` (the same files only ever join).
    static func checkInvariants(_ manager: PluginManager, log: RaceLog) async {
        let plugins = await manager.plugins()
        log.saw(plugins)
        let names = plugins.map(\.name)
        #expect(Set(names).count == names.count, "a name registered twice: \(names)")
        let served = plugins.flatMap { plugin in plugin.types.flatMap { contract, types in types.map { "\(contract)/\($0)" } } }
        #expect(Set(served).count == served.count, "a contract type served twice: \(served)")
        for error in log.errors {
            #expect(!error.contains("NOT A PluginError"), "\(error)")
            #expect(!error.contains("already registered"), "a duplicate name: \(error)")
        }
        for failure in log.reports.flatMap(\.failures) {
            #expect(failure.code != .duplicateName, "\(failure)")
            #expect(!failure.plugin.isEmpty && failure.path != nil, "a failure that does not name its plugin and file: \(failure)")
        }
    }

    @Test("registrations, a watcher's rescan, two attaches of one manifest, load, unload, reload, remove and shutdown race",
          .timeLimit(.minutes(3)))
    func everythingAtOnce() async throws {
        try await Self.withDirectory([Self.echo: "misbehaving-plugin", Self.rival: "misbehaving-plugin"], attaching: ["text-tools", "simple-processor"]) { directory, manifests in
            let (manifest, processorManifest) = (manifests[0], manifests[1])
            let log = RaceLog()
            let options = Self.options
            var watching = options
            watching.watch = true
            // The processor is attached eagerly: connecting and asking for capabilities are awaits an attach makes
            // while holding the name.
            var eager = options
            eager.lazy = false
            let echoFile = "\(directory.path)/\(Self.echo)"
            // Each task is a little script, so that loads and reloads also meet registered plugins, not only absent ones.
            let operations: [Operation] = [
                ("registerPlugins, load, unload", { manager in
                    log.reported(try await manager.registerPlugins(in: directory.path, options: options))
                    try await manager.load(Self.echo)
                    log.saw(await manager.plugins())
                    try await manager.unload(Self.echo)
                }),
                ("registerPlugins watching, reload, load", { [watching] manager in
                    log.reported(try await manager.registerPlugins(in: directory.path, options: watching))
                    log.reported(try await manager.reload(Self.echo))
                    try await manager.load(Self.echo)
                    log.saw(await manager.plugins())
                }),
                ("registerPlugin, load", { manager in
                    log.reported(try await manager.registerPlugin(at: echoFile, options: options))
                    try await manager.load(Self.echo)
                    log.saw(await manager.plugins())
                }),
                ("attach, load", { manager in
                    log.attached(try await manager.attach(manifest: manifest, options: options))
                    try await manager.load(Self.attached)
                }),
                ("attach again, reload", { manager in
                    log.attached(try await manager.attach(manifest: manifest, options: options))
                    log.reported(try await manager.reload(Self.attached))
                }),
                ("attach processor", { [eager] in log.attached(try await $0.attach(manifest: processorManifest, options: eager)) }),
                ("attach processor again", { [eager] in log.attached(try await $0.attach(manifest: processorManifest, options: eager)) }),
                ("remove rival", { await $0.remove(Self.rival) }),
            ]
            // These join once a different number of the others have finished in each round.
            let late = [Self.load(Self.echo, as: "late load", log: log), Self.unload(Self.echo, as: "late unload"), Self.reload(Self.echo, as: "late reload", log: log)]
            for round in 0..<Self.rounds {
                log.nextRound()
                // Every third round a shutdown joins the late ones.
                let shutsDown = round % 3 == 2
                let shutdown: [Operation] = shutsDown ? [("shutdown", { @Sendable manager in await manager.shutdown() })] : []
                try await TestHost.withManager { manager in
                    await Self.race(manager, log: log, operations, late: late + shutdown, after: round % (operations.count + 1))
                    await Self.checkInvariants(manager, log: log)
                    let plugins = await manager.plugins()
                    if !shutsDown {
                        // Nothing here removes either plugin for good: whoever won, both are registered, once; the
                        // rival never gets in, as echo (or echo's reload) always holds the contract type they share.
                        #expect(plugins.map(\.name) == [Self.echo, Self.attached, Self.processor], "round \(round): \(log.errors)")
                        // Two attaches of one manifest give one plugin: the second joins the first.
                        let attaches = log.attachedInfos
                        #expect(attaches.count == 4, "round \(round): \(log.errors)")
                        for (name, file) in [(Self.attached, manifest), (Self.processor, processorManifest)] {
                            #expect(attaches.filter { $0.name == name }.map(\.path) == [file, file], "round \(round): \(attaches.map(\.name))")
                        }
                    } else {
                        // Shut down: nothing runs, and nothing new gets in.
                        #expect(plugins.allSatisfy { $0.status.state == .stopped }, "round \(round): \(plugins.map { "\($0.name) \($0.status.state)" })")
                        await #expect { try await manager.attach(manifest: manifest, options: options) } throws: { error in
                            (error as? PluginError)?.code == .shutDown
                        }
                    }
                }
                #expect(Self.strays(in: directory.path).count == manifests.count, "round \(round): a plugin process outlived its manager")
            }
            print("registry races, everything at once, \(Self.rounds) rounds: \(log.summary)")
            let alive = log.pids.filter(Files.isAlive)
            #expect(alive.isEmpty, "pids the manager reported still run: \(alive)")
            #expect(!log.pids.isEmpty, "the races never started a plugin: they tested less than they claim")
        }
    }

    @Test("load, unload, reload and remove of the same names interleave; the removal wins and nothing comes back",
          .timeLimit(.minutes(3)))
    func removalWins() async throws {
        try await Self.withDirectory([Self.echo: "misbehaving-plugin"]) { directory, manifests in
            let log = RaceLog()
            let operations = [
                Self.load(Self.echo, as: "load echo", log: log),
                Self.unload(Self.echo, as: "unload echo"),
                Self.reload(Self.echo, as: "reload echo", log: log),
                Self.load(Self.echo, as: "load echo again", log: log),
                Self.load(Self.attached, as: "load attached", log: log),
                Self.reload(Self.attached, as: "reload attached", log: log),
            ]
            let removals: [Operation] = [
                ("remove echo", { await $0.remove(Self.echo) }),
                ("remove attached", { await $0.remove(Self.attached) }),
            ]
            for round in 0..<Self.rounds {
                log.nextRound()
                try await TestHost.withManager { manager in
                    let report = try await manager.registerPlugins(in: directory.path, options: Self.options)
                    #expect(report.registered.map(\.name).sorted() == [Self.echo, Self.attached], "\(report.failures)")
                    // The removals come after none, some or all of the others; the start order rotates too.
                    let turn = round % operations.count
                    await Self.race(manager, log: log, Array(operations[turn...] + operations[..<turn]), late: removals, after: round % (operations.count + 1))
                    await Self.checkInvariants(manager, log: log)
                    // A load or reload that was in flight when its plugin was removed must not bring it back.
                    #expect(await manager.plugins().map(\.name) == [], "round \(round): \(log.errors)")
                }
                #expect(Self.strays(in: directory.path).count == manifests.count, "round \(round): a plugin process outlived its manager")
            }
            print("registry races, removal wins, \(Self.rounds) rounds: \(log.summary)")
            #expect(log.pids.filter(Files.isAlive).isEmpty)
        }
    }

    @Test("another manifest with a registered plugin's name is refused with duplicateName, naming both files")
    func duplicateManifest() async throws {
        try await Self.withDirectory([:]) { directory, manifests in
            let manifest = manifests[0]
            let other = PluginDirectory()
            let copy = other.write("copy.pconf", String(decoding: try #require(Files.read(manifest)), as: UTF8.self))
            try await TestHost.withManager { manager in
                async let first = manager.attach(manifest: manifest, options: Self.options)
                async let second = manager.attach(manifest: manifest, options: Self.options)
                let (one, two) = try await (first, second)
                #expect(one.name == two.name && one.path == two.path)
                await #expect {
                    try await manager.attach(manifest: copy, options: Self.options)
                } throws: { error in
                    guard let error = error as? PluginError else { return false }
                    return error.code == .duplicateName && error.plugin == Self.attached && error.path == copy && error.message.contains(manifest)
                }
                #expect(await manager.plugins().map(\.path) == [manifest])
            }
        }
    }

    @Test("after shutdown every operation fails with shutDown and nothing is registered")
    func afterShutdown() async throws {
        try await Self.withDirectory([Self.echo: "misbehaving-plugin"]) { directory, manifests in
            let manifest = manifests[0]
            try await TestHost.withManager { manager in
                await manager.shutdown()
                func isShutDown(_ error: any Error) -> Bool { (error as? PluginError)?.code == .shutDown }
                await #expect(performing: { try await manager.registerPlugins(in: directory.path, options: Self.options) }, throws: isShutDown)
                await #expect(performing: { try await manager.registerPlugin(at: "\(directory.path)/\(Self.echo)") }, throws: isShutDown)
                await #expect(performing: { try await manager.attach(manifest: manifest) }, throws: isShutDown)
                await #expect(performing: { try await manager.attach(url: "http://127.0.0.1:1", name: "remote") }, throws: isShutDown)
                await #expect(performing: { try await manager.load(Self.echo) }, throws: isShutDown)
                await #expect(performing: { try await manager.unload(Self.echo) }, throws: isShutDown)
                await #expect(performing: { try await manager.reload(Self.echo) }, throws: isShutDown)
                await #expect(performing: {
                    try await manager.register(DataProcessorContract.self, type: "internal", name: "internal", service: IdleProcessor())
                }, throws: isShutDown)
                #expect(await manager.plugins().isEmpty)
                await manager.shutdown()   // again: returns
            }
        }
    }
}
