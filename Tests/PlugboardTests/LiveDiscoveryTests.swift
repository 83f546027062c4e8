import Plugboard
import PlugboardContracts
import PlugboardProtocol
import PlugboardTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Live discovery and attached plugins")
struct LiveDiscoveryTests {
    static func names(_ manager: PluginManager) async -> [String] { await manager.plugins().map(\.name) }

    /// The token an SDK plugin attached with `--attach DIR` wrote into its manifest (it requires it on every request).
    static func token(in directory: PluginDirectory) throws -> String? {
        let manifest = try #require(directory.entries.first { $0.hasSuffix(".pconf") })
        return try Manifest.parse(try #require(Files.read("\(directory.path)/\(manifest)"))).token
    }

    @Test("a watched directory picks up a new plugin, reloads a replaced one and drops a removed one")
    func watchedDirectory() async throws {
        let directory = PluginDirectory()
        try await TestHost.withManager { manager in
            var options = TestHost.options()
            options.watch = true
            let report = try await manager.registerPlugins(in: directory.path, options: options)
            #expect(report.registered.isEmpty)

            // Dropped in: registered and started (it is not lazy).
            let picked = ContinuousClock.now
            directory.link("simple-processor")
            // Probed and started with 30 s deadlines each: a loaded machine's first probe of a fresh binary is slow.
            #expect(await eventually(timeout: .seconds(90)) { await Self.names(manager) == ["simple-processor"] })
            let latency = ContinuousClock.now - picked
            #expect(await eventually { (try? await manager.handle(named: "simple-processor").status.state) == .ready })
            let processor = try await manager.plugin(DataProcessorContract.self)
            #expect(try await processor.process(ProcessRequest(data: "live")).data.string == "LIVE")
            let firstPid = try await manager.handle(named: "simple-processor").status.pid
            print("watched directory: new plugin registered \(latency) after it appeared")

            // A half-written file (not a plugin yet) is skipped without harm, then picked up once complete.
            directory.write("late", "#!/bin/sh\necho 'not json yet'\n", mode: 0o755)
            #expect(await eventually { await Self.names(manager) == ["simple-processor"] })
            directory.write("late", "#!/bin/sh\necho '{\"types\":{\"transformer\":[{\"type\":\"late\"}]},\"lazy\":true}'\n", mode: 0o755)
            #expect(await eventually { await Self.names(manager) == ["late", "simple-processor"] })

            // Replaced: reloaded with a new process.
            unlink("\(directory.path)/simple-processor")
            directory.link("misbehaving-plugin", as: "simple-processor")
            let reloaded = await eventually {
                guard let handle = try? await manager.handle(named: "simple-processor"), handle.status.state == .ready else { return false }
                guard handle.status.pid != firstPid else { return false }
                let echo = try? await manager.plugin(DataProcessorContract.self, type: "echo")
                return echo != nil
            }
            #expect(reloaded)

            // Removed: unloaded and gone from the registry.
            unlink("\(directory.path)/simple-processor")
            #expect(await eventually { await Self.names(manager) == ["late"] })
        }
    }

    @Test("a plugin that attaches itself with a manifest is used, and unloaded when the manifest goes")
    func attachedByManifest() async throws {
        let directory = PluginDirectory()
        let (status, _) = try await TestProcess.withLive(TestBinaries.path("text-tools"), ["--attach", directory.path]) { live in
            _ = try await live.nextLine()   // its location: the manifest is in place
            try await TestHost.withManager { manager in
                var options = TestHost.options()
                options.watch = true
                // Dropping a plugin that stops answering is another test's; here health checks stay out of the way.
                options.healthCheckInterval = .seconds(60)
                let report = try await manager.registerPlugins(in: directory.path, options: options)
                #expect(report.failures.isEmpty, "\(report.failures)")
                #expect(report.registered.map(\.name) == ["examples/text-tools"])
                let handle = try await manager.plugin(name: "text-tools", namespace: "examples")
                #expect(try await handle.methods().map(\.name).contains("reverse"))
                #expect(try await handle.execute("reverse", Array("attached".utf8)) == Array("dehcatta".utf8))
                let log = EventLog()
                try await handle.on("progress") { log.add($0) }
                _ = try await handle.execute("announce", Array(#"{"count":3}"#.utf8))
                #expect(await eventually { log.count == 3 })

                // The manifest goes: the host drops the plugin (and leaves the process alone: it is not the host's).
                unlink("\(directory.path)/examples.text-tools.pconf")
                #expect(await eventually { await Self.names(manager).isEmpty })
                #expect(Files.isAlive(live.pid))
            }
            #expect(Files.isAlive(live.pid), "the host must not stop a plugin it did not start")
            live.signal(SIGTERM)
        }
        #expect(status == 0)
    }

    @Test("an attached plugin that stops answering is dropped; one found by URL works like any other")
    func attachedByURL() async throws {
        let directory = PluginDirectory()
        let (status, _) = try await TestProcess.withLive(TestBinaries.path("text-tools"), ["--attach", directory.path, "--tcp"]) { live in
            let line = try #require(try await live.nextLine())
            #expect(line.hasPrefix("http://127.0.0.1:"))
            try await TestHost.withManager { manager in
                var options = TestHost.options()
                options.healthCheckInterval = .milliseconds(100)
                let info = try await manager.attach(url: line, name: "remote-tools", token: try Self.token(in: directory), options: options)
                #expect(info.kind == .attached)
                let handle = try await manager.handle(named: "remote-tools")
                #expect(try await handle.execute("reverse", Array("tcp".utf8)) == Array("pct".utf8))
                live.signal(SIGKILL)
                #expect(await eventually { await Self.names(manager).isEmpty }, "a dead attached plugin must be dropped")
            }
        }
        #expect(status == nil)
    }

    @Test("a lazy attached plugin is known by name until first used, then by its contracts too")
    func lazyAttached() async throws {
        let directory = PluginDirectory()
        let (status, _) = try await TestProcess.withLive(TestBinaries.path("simple-processor"), ["--attach", directory.path, "--tcp"]) { live in
            let line = try #require(try await live.nextLine())
            try await TestHost.withManager { manager in
                try await manager.attach(url: line, name: "remote-upper", lazy: true, token: try Self.token(in: directory))
                #expect(await manager.plugins().first?.types == [:])
                // The first lookup no other plugin answers asks it for its capabilities.
                let processor = try await manager.plugin(DataProcessorContract.self)
                #expect(try await processor.process(ProcessRequest(data: "loaded")).data.string == "LOADED")
                #expect(await manager.plugins().first?.types == ["dataProcessor": ["uppercase"]])
                await #expect(throws: PluginError.self) { try await manager.plugin(TransformerContract.self) }
            }
            live.signal(SIGTERM)
        }
        #expect(status == 0)
    }

    @Test("a manifest pointing at a dead socket is reported and skipped; a malformed one names the file")
    func deadManifest() async throws {
        let directory = PluginDirectory()
        directory.link("simple-processor")
        directory.write("ghost.pconf", #"{"Name":"ghost","NameSpace":"old","sock":"\#(directory.path)/nobody-home.sock","LazyLoad":false}"#)
        directory.write("broken.pconf", #"{"name":"broken"}"#)
        try await TestHost.withManager { manager in
            let report = try await manager.registerPlugins(in: directory.path, options: TestHost.options())
            #expect(report.registered.map(\.name) == ["simple-processor"])
            let messages = report.failures.map(\.description)
            #expect(messages.contains { $0.contains("ghost.pconf") && $0.contains("is not reachable at http+unix://\(directory.path)/nobody-home.sock") }, "\(messages)")
            #expect(messages.contains { $0.contains("broken.pconf") && $0.contains("url") }, "\(messages)")
        }
    }
}
