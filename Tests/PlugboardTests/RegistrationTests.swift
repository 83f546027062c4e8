import Plugboard
import PlugboardContracts
import PlugboardProtocol
import PlugboardTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Plugins that fail in every way the design brief lists, each beside a good one that must still work.
@Suite("Registration with broken plugins")
struct RegistrationTests {
    @Test("probes run at most maxConcurrentProbes at a time: with 1, no two capabilities runs overlap")
    func boundedProbes() async throws {
        let directory = PluginDirectory()
        // Each probe holds a directory (mkdir is atomic) while it runs; one that finds it taken records an overlap.
        for index in 1...6 {
            directory.script("probe\(index)", """
                if [ "$1" = capabilities ]; then
                  mkdir "\(directory.path)/.busy" 2>/dev/null || echo "probe\(index)" >> "\(directory.path)/.overlaps"
                  i=0; while [ $i -lt 200 ]; do i=$((i+1)); done
                  echo '{"types":{"transformer":[{"type":"t\(index)"}]}}'
                  rmdir "\(directory.path)/.busy" 2>/dev/null
                  exit 0
                fi
                exit 1
                """)
        }
        try await TestHost.withManager { manager in
            var options = TestHost.options(lazy: true)
            options.maxConcurrentProbes = 1
            let report = try await manager.registerPlugins(in: directory.path, options: options)
            #expect(report.registered.count == 6, "\(report.failures)")
        }
        #expect(!directory.entries.contains(".overlaps"), "probes overlapped: \(String(decoding: Files.read("\(directory.path)/.overlaps") ?? [], as: UTF8.self))")
    }

    static let capabilities = #"{"types":{"dataProcessor":[{"type":"scripted"}]}}"#

    @Test("capabilities that are not JSON are reported; the neighbour still works")
    func capabilitiesNotJSON() async throws {
        let directory = PluginDirectory()
        directory.link("simple-processor")
        directory.script("garbage", #"echo "hello, I am not JSON""#)
        try await TestHost.withManager { manager in
            let report = try await manager.registerPlugins(in: directory.path, options: TestHost.options())
            #expect(report.registered.map(\.name) == ["simple-processor"])
            let failure = try #require(report.failures.first)
            #expect(failure.code == .capabilities)
            #expect(failure.plugin == "garbage")
            #expect(failure.path == "\(directory.path)/garbage")
            #expect(failure.description.contains("hello, I am not JSON"))
            #expect(try await manager.plugin(DataProcessorContract.self).process(ProcessRequest(data: "ok")).data.string == "OK")
        }
    }

    @Test("capabilities that hang hit their deadline and the process is killed")
    func capabilitiesHang() async throws {
        let directory = PluginDirectory()
        directory.link("simple-processor")
        directory.script("hangs", "echo $$ > \(directory.path)/hangs.pid; exec sleep 600")
        try await TestHost.withManager { manager in
            var options = TestHost.options()
            options.capabilitiesTimeout = .seconds(15)  // long enough for the good neighbour on a loaded machine (5 s was not)
            let report = try await manager.registerPlugins(in: directory.path, options: options)
            #expect(report.registered.map(\.name) == ["simple-processor"])
            let failure = try #require(report.failures.first)
            #expect(failure.plugin == "hangs")
            #expect(failure.message.contains("did not finish within"))
        }
        let pidText = try #require(Self.read("\(directory.path)/hangs.pid"))
        let pid = try #require(Int32(pidText.filter(\.isNumber)))
        #expect(!Files.isAlive(pid), "the hanging capabilities process \(pid) was not killed")
    }

    @Test("capabilities that hang after starting a child in a session of its own, holding stdout, still end at the deadline, and so does the child",
          .timeLimit(.minutes(2)))
    func capabilitiesHangWithEscapedChild() async throws {
        let directory = PluginDirectory()
        // The child leaves the plugin's process group (a group signal misses it) and keeps the stdout pipe open (the
        // probe's read would never see its end): only the launcher, its subreaper, can still end it.
        directory.script("escapes", "setsid sleep 1000 & echo $! > \(directory.path)/child.pid; echo $$ > \(directory.path)/hangs.pid; exec sleep 600")
        try await TestHost.withManager { manager in
            var options = TestHost.options()
            options.capabilitiesTimeout = .seconds(3)
            let report = try await manager.registerPlugins(in: directory.path, options: options)
            let failure = try #require(report.failures.first)
            #expect(failure.message.contains("did not finish within"), "\(failure)")
        }
        for file in ["hangs.pid", "child.pid"] {
            let pid = try #require(Int32((Self.read("\(directory.path)/\(file)") ?? "").filter(\.isNumber)), "\(file)")
            #expect(await eventually(timeout: .seconds(5)) { !Files.isAlive(pid) }, "pid \(pid) (\(file)) still runs")
        }
    }

    @Test("a plugin that never prints a location hits the startup deadline and is killed")
    func neverPrintsLocation() async throws {
        let directory = PluginDirectory()
        directory.script("silent", """
            case "$1" in
              capabilities) echo '\(Self.capabilities)' ;;
              *) echo $$ > \(directory.path)/silent.pid; exec sleep 600 ;;
            esac
            """)
        try await TestHost.withManager { manager in
            var options = TestHost.options()
            options.startupTimeout = .milliseconds(800)
            let report = try await manager.registerPlugins(in: directory.path, options: options)
            let failure = try #require(report.failures.first)
            #expect(failure.code == .startupTimeout)
            #expect(failure.plugin == "silent")
            #expect(failure.message.contains("did not become ready within"))
            let handle = try await manager.handle(named: "silent")
            #expect(handle.status.state == .crashed)
        }
        let pid = try #require(Int32((Self.read("\(directory.path)/silent.pid") ?? "").filter(\.isNumber)))
        // Killed with its launcher's group, which the host reaped: the plugin's own SIGKILL may still be on its way
        // to being acted on, on a loaded machine.
        #expect(await eventually(timeout: .seconds(5)) { !Files.isAlive(pid) })
    }

    @Test("a plugin that exits at once is reported with its stderr")
    func exitsAtOnce() async throws {
        let directory = PluginDirectory()
        directory.script("quitter", """
            case "$1" in
              capabilities) echo '\(Self.capabilities)' ;;
              *) echo "fatal: cannot open database" >&2; exit 3 ;;
            esac
            """)
        try await TestHost.withManager { manager in
            let report = try await manager.registerPlugins(in: directory.path, options: TestHost.options())
            let failure = try #require(report.failures.first)
            #expect(failure.code == .exitedDuringStartup)
            #expect(failure.message.contains("exit status 3"))
            #expect(failure.message.contains("fatal: cannot open database"))
            // Calls get the same clear error rather than hanging.
            await #expect(throws: PluginError.self) { try await manager.plugin(DataProcessorContract.self).formats() }
        }
    }

    @Test("junk printed before the location line is tolerated")
    func junkBeforeLocation() async throws {
        let directory = PluginDirectory()
        directory.link("misbehaving-plugin", as: "noisy")
        try await TestHost.withManager { manager in
            var options = TestHost.options()
            options.environment = ["FIXTURE_JUNK": "1"]
            let report = try await manager.registerPlugins(in: directory.path, options: options)
            #expect(report.failures.isEmpty, "\(report.failures)")
            let echo = try await manager.plugin(DataProcessorContract.self)
            #expect(try await echo.process(ProcessRequest(data: "through the noise")).data.string == "through the noise")
        }
    }

    @Test("a second plugin claiming the same contract type is rejected")
    func duplicateContractType() async throws {
        let directory = PluginDirectory()
        directory.link("misbehaving-plugin", as: "echo-a")
        directory.link("misbehaving-plugin", as: "echo-b")
        try await TestHost.withManager { manager in
            let report = try await manager.registerPlugins(in: directory.path, options: TestHost.options())
            #expect(report.registered.map(\.name) == ["echo-a"])
            let failure = try #require(report.failures.first)
            #expect(failure.code == .duplicateContractType)
            #expect(failure.plugin == "echo-b")
            #expect(failure.message == #"contract "dataProcessor" type "echo" is already served by plugin "echo-a""#)
        }
    }

    @Test("a declared schema that is not a valid JSON Schema is that plugin's error")
    func invalidSchema() async throws {
        let directory = PluginDirectory()
        directory.script("bad-schema", #"echo '{"types":{"dataProcessor":[{"type":"x","jsonSchema":{"type":5}}]}}'"#)
        directory.script("bad-method", #"echo '{"types":{},"methods":[{"name":"m","inputSchema":{"minimum":"x"}}],"protocol":{"version":2,"features":["methods"]}}'"#)
        try await TestHost.withManager { manager in
            let report = try await manager.registerPlugins(in: directory.path, options: TestHost.options())
            #expect(report.failures.map(\.code) == [.invalidSchema, .invalidSchema])
            let messages = report.failures.map(\.message).joined(separator: "\n")
            #expect(messages.contains("$.types.dataProcessor[0].jsonSchema"))
            #expect(messages.contains(#"inputSchema of method "m" is not a valid JSON Schema"#))
            #expect(report.registered.isEmpty)
        }
    }

    @Test("config data that breaks the plugin's schema stops it from starting, naming the JSON path")
    func invalidConfigData() async throws {
        let directory = PluginDirectory()
        directory.link("simple-processor")
        try await TestHost.withManager { manager in
            var options = TestHost.options()
            options.configData = [ConfigData(type: "uppercase-settings", data: Array(#"{"prefix": 42, "colour": "red"}"#.utf8))]
            let report = try await manager.registerPlugins(in: directory.path, options: options)
            #expect(report.registered.isEmpty)
            let failure = try #require(report.failures.first)
            #expect(failure.code == .invalidConfig)
            #expect(failure.message.contains("/prefix"))
            #expect(failure.message.contains("colour"))
        }
    }

    @Test("a plugin written the Go framework's way (bare [::]:port, base64 schema, nanosecond config) works")
    func goStylePlugin() async throws {
        let directory = PluginDirectory()
        directory.write("go-style", GoStylePlugin.source, mode: 0o755)
        try await TestHost.withManager { manager in
            let report = try await manager.registerPlugins(in: directory.path, options: TestHost.options(.tcp, idleTimeout: .seconds(300)))
            #expect(report.failures.isEmpty, "\(report.failures)")
            let plugin = try #require(report.registered.first)
            #expect(plugin.capabilities?.protocolVersion == 1)
            #expect(plugin.status.location?.hasPrefix("http://127.0.0.1:") == true)
            let processor = try await manager.plugin(DataProcessorContract.self)
            let response = try await processor.process(ProcessRequest(data: "hello world", format: "text/plain"))
            #expect(response.data.string == "HELLO WORLD")
            // The plugin echoes what it understood of its config.
            #expect(response.metadata?["idleTimeoutNanos"] == "300000000000")
        }
    }

    static func read(_ path: String) -> String? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = Glibc.read(fd, &buffer, buffer.count)
        return count > 0 ? String(decoding: buffer[..<count], as: UTF8.self) : nil
    }
}
