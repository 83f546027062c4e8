import Plugboard
import PlugboardContracts
import PlugboardProtocol
import PlugboardTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The sandbox with real plugin processes: host → plugboard-launcher → sandbox → plugin. The misbehaving plugin's
/// `POST /try` attempts what a sandbox may forbid and answers how it went (Tests/Fixtures/misbehaving-plugin).
@Suite("Sandboxed plugins, real processes")
struct SandboxTests {
    struct Attempt: Codable, Sendable {
        var action: String
        var path: String?
        var port: Int?
        var megabytes: Int?
        var depth: Int?
    }

    struct Result: Codable, Sendable {
        var ok: Bool
        var error: String?
        var errno: Int32?
        var path: String?
    }

    /// Runs the misbehaving plugin under `policy` and hands `body` its handle.
    static func withPlugin(
        _ policy: SandboxPolicy, transport: TransportPreference = .unix, _ body: (PluginHandle, PluginManager) async throws -> Void
    ) async throws {
        let directory = PluginDirectory()
        defer { directory.remove() }
        directory.link("misbehaving-plugin")
        try await TestHost.withManager { manager in
            var options = TestHost.options(transport)
            options.sandbox = policy
            let report = try await manager.registerPlugins(in: directory.path, options: options)
            #expect(report.failures.isEmpty, "\(report.failures)")
            try await body(try await manager.handle(named: "misbehaving-plugin"), manager)
        }
    }

    static func attempt(_ handle: PluginHandle, _ attempt: Attempt) async throws -> Result {
        let response = try await handle.send(.post, "/try", body: try WireJSON.encode(attempt))
        #expect(response.status == 200)
        return try WireJSON.decode(Result.self, from: response.body)
    }

    @Test("reading /etc/hostname fails sandboxed (EACCES) and works without the sandbox")
    func readOutsideThePolicy() async throws {
        try await Self.withPlugin(.standard) { handle, _ in
            let denied = try await Self.attempt(handle, Attempt(action: "read", path: "/etc/hostname"))
            #expect(!denied.ok)
            #expect(denied.errno == EACCES)
            let status = handle.status
            let report = try #require(status.sandbox)
            #expect(report.applied.contains { $0.hasPrefix("landlock-fs") })
            #expect(report.applied.contains("seccomp"))
        }
        try await Self.withPlugin(.disabled) { handle, _ in
            let allowed = try await Self.attempt(handle, Attempt(action: "read", path: "/etc/hostname"))
            #expect(allowed.ok)
            #expect(handle.status.sandbox == nil)
        }
    }

    @Test("writing outside the writable paths fails (EACCES); a listed path works")
    func writes() async throws {
        let allowed = PluginDirectory()
        defer { allowed.remove() }
        let outside = PluginDirectory()
        defer { outside.remove() }
        var policy = SandboxPolicy.standard
        policy.writablePaths = [allowed.path]
        try await Self.withPlugin(policy) { handle, _ in
            let denied = try await Self.attempt(handle, Attempt(action: "write", path: outside.path + "/file"))
            #expect(!denied.ok && denied.errno == EACCES, "\(denied)")
            #expect(!Files.exists(outside.path + "/file"))
            let listed = try await Self.attempt(handle, Attempt(action: "write", path: allowed.path + "/file"))
            #expect(listed.ok, "\(listed)")
            let here = try await Self.attempt(handle, Attempt(action: "write", path: "written-by-a-sandboxed-plugin"))
            #expect(!here.ok, "the host's working directory is not writable")
        }
    }

    @Test("the scratch directory ($TMPDIR) is writable and is removed with the process")
    func scratchDirectory() async throws {
        var written: String?
        try await Self.withPlugin(.standard) { handle, _ in
            let result = try await Self.attempt(handle, Attempt(action: "scratch"))
            #expect(result.ok, "\(result)")
            written = result.path
            #expect(Files.exists(try #require(result.path)))
        }
        let file = try #require(written)
        #expect(!Files.exists(file), "\(file) left behind")
        #expect(!Files.exists(String(file[..<file.lastIndex(of: "/")!])), "the scratch directory was left behind")
    }

    @Test("a TCP connect to a loopback port fails under network none and works under loopback", arguments: [TransportPreference.unix, .tcp])
    func loopbackConnect(transport: TransportPreference) async throws {
        let listener = try LoopbackListener()
        defer { listener.close() }
        var none = SandboxPolicy.standard
        none.network = .none
        try await Self.withPlugin(none, transport: transport) { handle, _ in
            let denied = try await Self.attempt(handle, Attempt(action: "connect", port: listener.port))
            #expect(!denied.ok && denied.errno == EACCES, "\(denied)")
        }
        try await Self.withPlugin(.standard, transport: transport) { handle, _ in
            let result = try await Self.attempt(handle, Attempt(action: "connect", port: listener.port))
            #expect(result.ok, "\(result)")
        }
    }

    @Test("allocating past the memory limit ends the plugin with an error that says so")
    func memoryLimit() async throws {
        var policy = SandboxPolicy.standard
        policy.memoryLimit = 96 << 20
        try await Self.withPlugin(policy) { handle, _ in
            await #expect(throws: PluginError.self) {
                _ = try await Self.attempt(handle, Attempt(action: "allocate", megabytes: 1024))
            }
            let exit = try #require(await handle.waitForExit(within: .seconds(30)))
            #expect(exit.violation?.limit == .memory)
            #expect(exit.description.contains("exceeded its memory limit of 96 MB"), "\(exit)")
            let status = handle.status
            #expect(status.lastViolation?.limit == .memory)
            #expect(status.lastError?.contains("exceeded its memory limit") == true, "\(status.lastError ?? "no error")")
        }
    }

    @Test("a busy loop past the CPU limit ends the plugin with 'CPU limit'")
    func cpuLimit() async throws {
        var policy = SandboxPolicy.standard
        policy.cpuLimit = .seconds(1)
        try await Self.withPlugin(policy) { handle, _ in
            await #expect(throws: PluginError.self) {
                _ = try await Self.attempt(handle, Attempt(action: "spin"))
            }
            let exit = try #require(await handle.waitForExit(within: .seconds(60)))
            #expect(exit.violation?.limit == .cpu)
            #expect(exit.description.contains("CPU limit"), "\(exit)")
        }
    }

    @Test("a fork bomb is contained: the tree is killed, the plugin's exit says why, and the host carries on")
    func forkBomb() async throws {
        var policy = SandboxPolicy.standard
        policy.processLimit = 16
        let directory = PluginDirectory()
        defer { directory.remove() }
        directory.link("misbehaving-plugin")
        directory.link("simple-processor")
        try await TestHost.withManager { manager in
            var options = TestHost.options(.unix)
            options.sandbox = policy
            let report = try await manager.registerPlugins(in: directory.path, options: options)
            #expect(report.failures.isEmpty, "\(report.failures)")
            let handle = try await manager.handle(named: "misbehaving-plugin")
            // 2^9 processes at most if nothing stopped it: bounded, so a broken sandbox cannot hurt the machine.
            _ = try? await Self.attempt(handle, Attempt(action: "spawn", depth: 9))
            let exit = try #require(await handle.waitForExit(within: .seconds(60)))
            #expect(exit.violation?.limit == .processes, "\(exit)")
            let processor = try await manager.plugin(DataProcessorContract.self, type: "uppercase")
            #expect(try await processor.process(ProcessRequest(data: "still here", format: "text/plain")).data.string == "STILL HERE")
        }
        #expect(await eventually { Files.processes(mentioning: "f $(($1 - 1))").isEmpty })
    }

    @Test("a path the policy lists that does not exist refuses the plugin at registration, naming the path")
    func missingPath() async throws {
        let directory = PluginDirectory()
        defer { directory.remove() }
        directory.link("simple-processor")
        try await TestHost.withManager { manager in
            var options = TestHost.options(.unix)
            options.sandbox = .standard
            options.sandbox.readablePaths = ["/no/such/place"]
            let report = try await manager.registerPlugins(in: directory.path, options: options)
            let failure = try #require(report.failures.first)
            #expect(failure.code == .sandbox)
            #expect(failure.message.contains("/no/such/place"))
        }
    }

    @Test("a required policy refuses to start where it cannot have its cgroup, naming it; a best-effort one starts and says so")
    func degradation() async throws {
        let notACgroup = PluginDirectory()
        defer { notACgroup.remove() }
        let directory = PluginDirectory()
        defer { directory.remove() }
        directory.link("misbehaving-plugin")
        try await TestHost.withManager { manager in
            // Refused already at registration: `capabilities` runs under the policy too.
            var options = TestHost.options(.unix)
            options.sandbox = .strict
            options.sandbox.cgroupParent = notACgroup.path
            let report = try await manager.registerPlugins(in: directory.path, options: options)
            let error = try #require(report.failures.first)
            #expect(error.code == .sandbox, "\(error)")
            #expect(error.message.contains("requires a cgroup") && error.message.contains(notACgroup.path), "\(error)")
        }
        var bestEffort = SandboxPolicy.standard
        bestEffort.cgroupParent = notACgroup.path
        try await Self.withPlugin(bestEffort) { handle, _ in
            try await handle.start()
            let report = try #require(handle.status.sandbox)
            #expect(report.missing == ["cgroup"])
            #expect(report.applied.contains("memory-watch"), "without a cgroup the watchdog keeps the memory limit: \(report)")
        }
    }

    @Test("a sandboxed plugin's peak memory and CPU time are in its status once it ended")
    func usage() async throws {
        try await Self.withPlugin(.standard) { handle, _ in
            let allocated = try await Self.attempt(handle, Attempt(action: "allocate", megabytes: 64))
            #expect(allocated.ok)
            await handle.stop()
            let usage = try #require(handle.status.lastUsage)
            #expect(usage.peakMemory >= 64 << 20, "\(usage)")
            #expect(usage.cpuTime > .zero)
        }
    }

    @Test("the README's and SECURITY.md's sandbox examples, verbatim but for their paths and print")
    func documentedExamples() async throws {
        let plugins = PluginDirectory()
        defer { plugins.remove() }
        plugins.link("simple-processor")
        plugins.link("transformer", as: "legacy-tool")
        let output = PluginDirectory()
        defer { output.remove() }
        var said: [String] = []
        try await TestHost.withManager { manager in
            // README.md, "Sandboxed plugins".
            var options = RegistrationOptions()
            options.sandbox = .standard                  // or .strict; .disabled (the default) is none
            options.sandbox.memoryLimit = 256 << 20
            options.sandbox.writablePaths = [output.path]
            (options.capabilitiesTimeout, options.startupTimeout) = (.seconds(30), .seconds(30))   // a loaded machine
            let report = try await manager.registerPlugins(in: plugins.path, options: options)
            #expect(report.failures.isEmpty, "\(report.failures)")
            said.append(contentsOf: report.registered.map { "\($0.name): \($0.status.sandbox?.description ?? "not sandboxed")" })
        }
        #expect(said.count == 2 && said.allSatisfy { $0.contains("landlock-fs/") }, "\(said)")
        try await TestHost.withManager { manager in
            // docs/SECURITY.md, "The sandbox".
            var options = RegistrationOptions()
            options.sandbox = .standard                       // every plugin of this registration
            options.sandbox.readablePaths.append(output.path)
            options.sandboxOverrides["legacy-tool"] = .disabled   // one plugin file, by file name
            (options.capabilitiesTimeout, options.startupTimeout) = (.seconds(30), .seconds(30))   // a loaded machine
            let report = try await manager.registerPlugins(in: plugins.path, options: options)
            let legacy = try #require(report.registered.first { $0.path?.hasSuffix("/legacy-tool") == true })
            #expect(legacy.status.state == .ready && legacy.status.sandbox == nil)
            #expect(report.registered.first { $0.name == "simple-processor" }?.status.sandbox != nil)
        }
    }

    @Test("the Swift examples, the Python example and the Go-framework-style plugin work under the standard preset")
    func examplesUnderStandard() async throws {
        let directory = PluginDirectory()
        defer { directory.remove() }
        directory.link("simple-processor")
        directory.link("transformer")
        directory.link(file: TestBinaries.packageRoot + "/Examples/python-plugin/py-processor", as: "py-processor")
        directory.link(script: "go-style-plugin")
        for transport in [TransportPreference.unix, .tcp] {
            try await TestHost.withManager { manager in
                var options = TestHost.options(transport)
                options.sandbox = .standard
                // The Python example runs this checkout's SDK from beside it: code from outside its own directory,
                // which a sandboxed plugin must be given (as `plugboard check` tells its author).
                options.sandbox.readablePaths = [TestBinaries.packageRoot + "/sdks/python"]
                options.configData = [try ConfigData(type: "uppercase-settings", value: ["prefix": "> "])]
                let report = try await manager.registerPlugins(in: directory.path, options: options)
                #expect(report.failures.isEmpty, "\(report.failures)")
                for plugin in report.registered {
                    #expect(plugin.status.state == .ready, "\(plugin.name): \(plugin.status)")
                    #expect(plugin.status.sandbox?.applied.isEmpty == false, "\(plugin.name) not sandboxed")
                }
                let upper = try await manager.plugin(DataProcessorContract.self, type: "uppercase")
                #expect(try await upper.process(ProcessRequest(data: "hi", format: "text/plain")).data.string == "> HI")
                let words = try await manager.plugin(DataProcessorContract.self, type: "word-count")
                #expect(try await words.process(ProcessRequest(data: "hello world", format: "text/plain")).metadata?["words"] == "2")
                let echo = try await manager.plugin(DataProcessorContract.self, type: "go-style")
                #expect(try await echo.process(ProcessRequest(data: "v1", format: "text/plain")).data.string == "v1")
                let transformer = try await manager.plugin(TransformerContract.self)
                #expect(try await transformer.transform(TransformRequest(data: "abc", transformation: "reverse")).data.string == "cba")
            }
        }
    }
}
