import InMemoryTracing
import Plugboard
import PlugboardContracts
import PlugboardProtocol
import PlugboardTestSupport
import PlugboardTestTracing
import Synchronization
import Testing
import Tracing

#if canImport(Glibc)
import Glibc
#endif

/// The Python SDK's example plugins (Examples/python-plugin, on sdks/python) under the real host: real processes,
/// real sockets. Their launchers put the SDK on sys.path, so nothing is installed.
///
/// Serialized, and with 30 s for `capabilities` and the start: a Python interpreter behind pyenv's shims takes
/// seconds to start while the rest of the suite loads the machine, and ten of them at once add to that load.
@Suite("Python SDK plugins under the host", .serialized)
struct PythonSDKTests {
    static let examples = TestBinaries.packageRoot + "/Examples/python-plugin"

    static func options(_ transport: TransportPreference = .automatic, idleTimeout: Duration? = nil) -> RegistrationOptions {
        var options = TestHost.options(transport, idleTimeout: idleTimeout)
        options.capabilitiesTimeout = .seconds(30)
        options.startupTimeout = .seconds(30)
        return options
    }

    static func directory(_ names: String...) -> PluginDirectory {
        let directory = PluginDirectory()
        for name in names { directory.link(file: "\(examples)/\(name)", as: name) }
        return directory
    }

    @Test("typed contract calls with config data, then nothing left behind", arguments: [TransportPreference.unix, .tcp])
    func typedCalls(transport: TransportPreference) async throws {
        let directory = Self.directory("py-processor")
        var pid: Int32?
        var socket: String?
        try await TestHost.withManager { manager in
            var options = Self.options(transport)
            options.configData = [try ConfigData(type: "word-count-settings", value: ["transform": "reverse-words"])]
            let report = try await manager.registerPlugins(in: directory.path, options: options)
            #expect(report.failures.isEmpty, "\(report.failures)")
            let handle = try await manager.handle(named: "py-processor")
            pid = handle.status.pid
            socket = TestHost.socketPath(handle.status)
            #expect(try #require(handle.status.location).hasPrefix(transport == .tcp ? "http://127.0.0.1:" : "http+unix:///"))

            let processor = try await manager.plugin(DataProcessorContract.self, type: "word-count")
            let response = try await processor.process(ProcessRequest(data: "plugins in any language", format: "text/plain"))
            #expect(response.data.string == "language any in plugins")
            #expect(response.metadata == ["processed_by": "py-processor", "transform": "reverse-words", "words": "4", "lines": "1", "characters": "23"])
            #expect(try await processor.formats() == ["text/plain", "text/markdown"])
            // The handler's own refusal keeps its status and message.
            await #expect {
                _ = try await processor.process(ProcessRequest(data: "x", format: "image/png"))
            } throws: { error in
                (error as? PluginError)?.code == .requestFailed && "\(error)".contains("answered 400: format image/png is not supported; use text/plain")
            }
        }
        let started = try #require(pid)
        #expect(!Files.isAlive(started), "plugin \(started) still running after shutdown")
        if transport == .unix {
            let path = try #require(socket)
            #expect(!Files.exists(path) && !Files.exists(path + ".lock"), "\(path) left behind")
            #expect(!Files.exists(String(path[..<path.lastIndex(of: "/")!])), "the socket directory was left behind")
        }
    }

    /// A transformer on the SDK, as a plugin author would write one.
    static let transformerSource = #"""
    import plugboard

    plugin = plugboard.Plugin("py-swapper")
    transformations = [
        plugboard.Transformation("reverse", "reverses the text"),
        plugboard.Transformation("replace", "replaces `from` with `to`", [plugboard.Parameter("from", required=True), "to"]),
    ]

    @plugin.transformer("text-swapper", transformations=transformations)
    def transform(request, context):
        text = request.data.decode()
        if request.transformation == "reverse":
            return plugboard.TransformResponse(data=text[::-1].encode())
        if request.transformation == "replace":
            text = text.replace(request.parameters["from"], request.parameters.get("to", ""))
            return plugboard.TransformResponse(data=text.encode(), metadata={"transformed_by": "py-swapper"})
        raise plugboard.PluginError(400, f"unknown transformation {request.transformation!r}")

    plugin.main()
    """#

    @Test("a transformer written on the SDK answers the host's typed calls in the Go framework's shapes")
    func transformer() async throws {
        let directory = PluginDirectory()
        // A launcher as the examples have, since the host runs `capabilities` with its own environment.
        let source = directory.write("swapper.py", Self.transformerSource)
        directory.script("py-swapper", #"PYTHONPATH="\#(TestBinaries.packageRoot)/sdks/python" exec python3 "\#(source)" "$@""#)
        try await TestHost.withManager { manager in
            let report = try await manager.registerPlugins(in: directory.path, options: Self.options())
            #expect(report.failures.isEmpty, "\(report.failures)")
            let transformer = try await manager.plugin(TransformerContract.self, type: "text-swapper")
            let listed = try await transformer.transformations()
            #expect(listed.map(\.name) == ["reverse", "replace"])
            #expect(listed[1].parameters == [ParameterInfo(name: "from", required: true), ParameterInfo(name: "to")])
            let replaced = try await transformer.transform(TransformRequest(data: "a-b", transformation: "replace", parameters: ["from": "-", "to": "+"]))
            #expect(replaced.data.string == "a+b")
            #expect(replaced.metadata == ["transformed_by": "py-swapper"])
            #expect(try await transformer.transform(TransformRequest(data: "abc", transformation: "reverse")).data.string == "cba")
            await #expect {
                _ = try await transformer.transform(TransformRequest(data: "x", transformation: "explode"))
            } throws: { error in
                "\(error)".contains("answered 400: unknown transformation 'explode'")
            }
        }
    }

    @Test("named methods, typed and raw, with the host checking input schemas")
    func methods() async throws {
        let directory = Self.directory("py-text-tools")
        try await TestHost.withManager { manager in
            try await manager.registerPlugins(in: directory.path, options: Self.options())
            let handle = try await manager.plugin(name: "py-text-tools", namespace: "examples")
            #expect(try await handle.methods().map(\.name) == ["reverse", "count-words", "announce", "listened-events", "trace"])
            #expect(try await handle.execute("reverse", Array("größe".utf8)) == Array("eßörg".utf8))
            let counted = try await handle.execute("count-words", Array(#"{"text":"one two three"}"#.utf8))
            #expect(String(decoding: counted, as: UTF8.self) == #"{"characters":13,"words":3}"#)
            await #expect {
                _ = try await handle.execute("count-words", Array(#"{"txt":"x"}"#.utf8))
            } throws: { error in
                "\(error)".contains(#"required property "text" is missing"#)
            }
            // Past the host's schema check (`send` checks nothing), the SDK's own decoding names the JSON path.
            let response = try await handle.send(.post, "/plugboard/v2/methods/announce", body: Array(#"{"count":"three"}"#.utf8))
            #expect(response.status == 400)
            #expect(String(decoding: response.body, as: UTF8.self).contains(#"input of method \"announce\" does not decode: at $.count: expected an integer, got \"three\""#))
        }
    }

    @Test("events arrive complete and in order while calls go on")
    func events() async throws {
        let directory = Self.directory("py-text-tools")
        try await TestHost.withManager { manager in
            try await manager.registerPlugins(in: directory.path, options: Self.options())
            let handle = try await manager.plugin(name: "py-text-tools", namespace: "examples")
            await #expect {
                _ = try await handle.execute("announce", Array(#"{"count":1}"#.utf8))
            } throws: { error in
                "\(error)".contains(#"answered 500: no host is listening for event "progress""#)
            }
            let log = EventLog()
            try await handle.on("progress") { log.add($0) }
            #expect(String(decoding: try await handle.execute("listened-events"), as: UTF8.self) == "progress")
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    let sent = try await handle.execute("announce", Array(#"{"count":2000}"#.utf8))
                    #expect(String(decoding: sent, as: UTF8.self) == #"{"sent":2000}"#)
                }
                for index in 0..<20 {
                    group.addTask {
                        let out = try await handle.execute("reverse", Array("call \(index)".utf8))
                        #expect(String(decoding: out, as: UTF8.self) == String("call \(index)".reversed()))
                    }
                }
                try await group.waitForAll()
            }
            #expect(await eventually { log.count >= 2000 }, "only \(log.count) events arrived")
            #expect(log.all == (1...2000).map { "\($0)/2000" })
        }
    }

    @Test("a request without the host's token is refused; the socket is the host's alone")
    func tokenRefusal() async throws {
        let directory = Self.directory("py-text-tools")
        try await TestHost.withManager { manager in
            try await manager.registerPlugins(in: directory.path, options: Self.options(.unix))
            let handle = try await manager.plugin(name: "py-text-tools", namespace: "examples")
            let socket = try #require(TestHost.socketPath(handle.status))
            var info = stat()
            #expect(stat(socket, &info) == 0 && info.st_mode & 0o777 == 0o600)
            let socketDirectory = String(socket[..<socket.lastIndex(of: "/")!])
            #expect(stat(socketDirectory, &info) == 0 && info.st_mode & 0o777 == 0o700)
            for headers in [[:], ["Authorization": "Bearer 00000000000000000000000000000000"]] {
                for (method, path) in [("GET", "/healthz"), ("POST", "/plugboard/v2/methods/reverse"), ("POST", "/shutdown")] {
                    let refused = try await RawHTTP.request(socket, method, path, headers: headers)
                    #expect(refused.status == 401, "\(method) \(path) with \(headers)")
                    #expect(refused.body == #"{"message":"missing or wrong bearer token","statusCode":401}"#)
                }
            }
            // The host's own calls carry the token.
            #expect(try await handle.execute("reverse", Array("ok".utf8)) == Array("ko".utf8))
            #expect(handle.status.state == .ready)
        }
    }

    @Test("an idle plugin stops itself, cleanly, and starts again on the next call")
    func idleStopAndRestart() async throws {
        let directory = Self.directory("py-processor")
        try await TestHost.withManager { manager in
            try await manager.registerPlugins(in: directory.path, options: Self.options(idleTimeout: .seconds(1)))
            let handle = try await manager.handle(named: "py-processor")
            let processor = try await manager.plugin(DataProcessorContract.self, type: "word-count")
            #expect(try await processor.process(ProcessRequest(data: "first call")).data.string == "First Call")
            let firstPid = try #require(handle.status.pid)
            let exit = try #require(await handle.waitForExit(within: .seconds(30)), "the plugin did not stop after its idle timeout")
            #expect(exit.isSuccess)
            #expect(handle.status.state == .idleStopped)
            #expect(handle.status.leftBehind.isEmpty, "the plugin left \(handle.status.leftBehind)")
            #expect(!Files.isAlive(firstPid))

            #expect(try await processor.process(ProcessRequest(data: "second call")).data.string == "Second Call")
            #expect(handle.status.state == .ready)
            #expect(handle.status.pid != firstPid)
            #expect(handle.status.restarts == 0, "an idle stop is no crash")
        }
    }

    @Test("a plugin run with --attach announces itself; the host reaches it by its manifest, with methods and events")
    func attached() async throws {
        let directory = PluginDirectory()
        let sockets = PluginDirectory()
        let manifest = "\(directory.path)/examples.py-text-tools.pconf"
        let (status, stderr) = try await TestProcess.withLive(
            "\(Self.examples)/py-text-tools", ["--attach", directory.path], environment: ["TMPDIR": sockets.path]
        ) { live in
            let location = try #require(try await live.nextLine())
            #expect(location.hasPrefix("http+unix://\(sockets.path)/plugboard-examples.py-text-tools-"))
            #expect(Files.read(manifest).map { String(decoding: $0, as: UTF8.self) }?.contains(#""url":"\#(location)""#) == true)
            try await TestHost.withManager { manager in
                var options = Self.options()
                options.healthCheckInterval = .seconds(60)
                let report = try await manager.registerPlugins(in: directory.path, options: options)
                #expect(report.registered.map(\.name) == ["examples/py-text-tools"], "\(report.failures)")
                let handle = try await manager.plugin(name: "py-text-tools", namespace: "examples")
                #expect(try await handle.methods().map(\.name).contains("count-words"))
                #expect(try await handle.execute("reverse", Array("attached".utf8)) == Array("dehcatta".utf8))
                let log = EventLog()
                try await handle.on("progress") { log.add($0) }
                _ = try await handle.execute("announce", Array(#"{"count":3}"#.utf8))
                #expect(await eventually { log.count == 3 })
                #expect(log.all == ["1/3", "2/3", "3/3"])
            }
            #expect(Files.isAlive(live.pid), "the host must not stop a plugin it did not start")
            live.signal(SIGTERM)
        }
        #expect(status == 0, "\(stderr)")
        #expect(directory.entries.isEmpty, "the manifest is removed: \(directory.entries)")
        #expect(Files.tree(sockets.path).isEmpty, "socket and lock file are removed: \(Files.tree(sockets.path))")
    }

    @Test("the host's trace reaches the handler, and an event comes back in the trace of the call that notified it")
    func traceContext() async throws {
        let tracer = W3CTestTracer()
        let directory = Self.directory("py-text-tools")
        let seen = Mutex<[String?]>([])
        let (traceparent, host) = try await PluginManager.withManager(configuration: .init(tracer: tracer), logger: TestHost.quiet) { manager in
            try await manager.registerPlugins(in: directory.path, options: Self.options())
            let handle = try await manager.plugin(name: "py-text-tools", namespace: "examples")
            try await handle.on("progress") { _ in
                seen.withLock { $0.append(ServiceContext.current?.inMemorySpanContext?.traceID) }
            }
            let result = try await tracer.withSpan("handle request") { span in
                let traceparent = String(decoding: try await handle.execute("trace"), as: UTF8.self)
                _ = try await handle.execute("announce", Array(#"{"count":1}"#.utf8))
                return (traceparent, span.context.inMemorySpanContext)
            }
            #expect(await eventually { !seen.withLock { $0.isEmpty } })
            return result
        }
        let call = try #require(tracer.recorder.finishedSpans.first { $0.operationName.hasSuffix("/methods/trace") })
        let hostTrace = try #require(host?.traceID)
        #expect(traceparent == "00-\(hostTrace)-\(call.spanID)-01", "the handler saw \(traceparent)")
        #expect(seen.withLock { $0 } == [hostTrace])
    }
}
