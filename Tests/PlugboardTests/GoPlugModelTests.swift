import Plugboard
import PlugboardProtocol
import PlugboardTestSupport
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("GoPlug's model: names, methods, events, hooks, lazy load")
struct GoPlugModelTests {
    static func textTools() -> PluginDirectory {
        let directory = PluginDirectory()
        directory.link("text-tools")
        return directory
    }

    /// Registers the example text-tools plugin (lazy: not started yet) and runs `body` with its handle.
    static func withTextTools(_ body: (PluginManager, PluginHandle) async throws -> Void) async throws {
        let directory = textTools()
        try await TestHost.withManager { manager in
            try await manager.registerPlugins(in: directory.path, options: TestHost.options())
            try await body(manager, try await manager.plugin(name: "text-tools", namespace: "examples"))
        }
    }

    @Test("a lazy plugin is listed by name and namespace, its methods known, and never started until used")
    func lazyAndMethods() async throws {
        let directory = Self.textTools()
        try await TestHost.withManager { manager in
            let report = try await manager.registerPlugins(in: directory.path, options: TestHost.options())
            #expect(report.registered.map(\.name) == ["examples/text-tools"])
            let handle = try await manager.plugin(name: "text-tools", namespace: "examples")
            #expect(handle.status.state == .discovered)
            let methods = try await handle.methods()
            #expect(methods.map(\.name) == ["reverse", "count-words", "announce", "listened-events"])
            #expect(methods[1].inputSchema != nil)
            #expect(handle.status.state == .discovered, "listing methods must not start a lazy plugin")

            // An unknown method and input that breaks the schema are refused without starting it.
            await #expect {
                _ = try await handle.execute("frobnicate", [])
            } throws: { error in
                (error as? PluginError)?.code == .notFound && "\(error)".contains(#"methods: "reverse", "count-words""#)
            }
            await #expect {
                _ = try await handle.execute("count-words", Array(#"{"txt":"x"}"#.utf8))
            } throws: { error in
                "\(error)".contains(#"required property "text" is missing"#)
            }
            #expect(handle.status.state == .discovered)

            #expect(try await handle.execute("reverse", Array("hello".utf8)) == Array("olleh".utf8))
            #expect(handle.status.state == .ready)
            let counted = try await handle.execute("count-words", Array(#"{"text":"one two three"}"#.utf8))
            #expect(String(decoding: counted, as: UTF8.self) == #"{"words":3,"characters":13}"#)
        }
    }

    @Test("names are validated and looked up with their namespace")
    func names() async throws {
        let directory = Self.textTools()
        try await TestHost.withManager { manager in
            try await manager.registerPlugins(in: directory.path, options: TestHost.options())
            await #expect(throws: PluginError.self) { try await manager.plugin(name: "text-tools") }
            await #expect(throws: PluginError.self) { try await manager.plugin(name: "text/tools", namespace: "examples") }
            #expect(try await manager.handle(named: "examples/text-tools").name == "examples/text-tools")
        }
    }

    @Test("an event storm of 10,000 arrives complete and in order")
    func eventStorm() async throws {
        try await Self.withTextTools { _, handle in
            let log = EventLog()
            try await handle.on("progress") { log.add($0) }
            let answer = try await handle.execute("announce", Array(#"{"count":10000}"#.utf8))
            #expect(String(decoding: answer, as: UTF8.self).contains(#""words":10000"#))
            #expect(await eventually { log.count >= 10000 }, "only \(log.count) events arrived")
            #expect(log.all == (1...10000).map { "\($0)/10000" })
        }
    }

    @Test("method calls run while events stream, and the plugin sees which events the host listens for")
    func callsDuringEvents() async throws {
        try await Self.withTextTools { _, handle in
            let log = EventLog()
            // A slow handler: the stream backs up, calls must not.
            try await handle.on("progress") { data in
                log.add(data)
                try await Task.sleep(for: .microseconds(200))
            }
            #expect(String(decoding: try await handle.execute("listened-events"), as: UTF8.self) == "progress")
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { _ = try await handle.execute("announce", Array(#"{"count":3000}"#.utf8)) }
                for index in 0..<50 {
                    group.addTask {
                        let out = try await handle.execute("count-words", Array(#"{"text":"call \#(index) now"}"#.utf8))
                        #expect(String(decoding: out, as: UTF8.self).contains(#""words":3"#))
                    }
                }
                try await group.waitForAll()
            }
            #expect(await eventually { log.count >= 3000 })
            #expect(log.all == (1...3000).map { "\($0)/3000" })
        }
    }

    @Test("handlers registered at the same moment all listen: the plugin ends up subscribed to every name")
    func concurrentHandlers() async throws {
        try await Self.withTextTools { _, handle in
            let names = (1...8).map { "event-\($0)" }
            let log = EventLog()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for name in names { group.addTask { try await handle.on(name) { log.add($0) } } }
                try await group.waitForAll()
            }
            let listened = String(decoding: try await handle.execute("listened-events"), as: UTF8.self)
            #expect(listened.split(separator: ",").map(String.init).sorted() == names.sorted(), "the plugin listens for \(listened)")
            for name in names { _ = try await handle.execute("announce", Array(#"{"count":1,"event":"\#(name)"}"#.utf8)) }
            #expect(await eventually { log.count >= names.count }, "only \(log.count) of \(names.count) events arrived")
        }
    }

    @Test("a notify with no host listening fails quickly; a throwing handler is logged and delivery goes on")
    func noListenerAndThrowingHandler() async throws {
        try await Self.withTextTools { _, handle in
            await #expect {
                _ = try await handle.execute("announce", Array(#"{"count":1}"#.utf8))
            } throws: { error in
                "\(error)".contains(#"no host is listening for event \"progress\""#) || "\(error)".contains(#"no host is listening for event "progress""#)
            }
            struct Boom: Error {}
            let log = EventLog()
            try await handle.on("progress") { _ in throw Boom() }
            try await handle.on("progress") { log.add($0) }
            _ = try await handle.execute("announce", Array(#"{"count":5}"#.utf8))
            #expect(await eventually { log.count >= 5 })
            #expect(log.all == ["1/5", "2/5", "3/5", "4/5", "5/5"])
            #expect(try await handle.execute("reverse", Array("ok".utf8)) == Array("ko".utf8))
        }
    }

    @Test("a host whose handlers fall behind pushes back: the plugin's notify fails instead of memory growing")
    func backPressure() async throws {
        try await Self.withTextTools { _, handle in
            let log = EventLog()
            try await handle.on("progress") { data in
                log.add(data)
                try await Task.sleep(for: .microseconds(100))
            }
            // Far more events than the host's backlog, the sockets and the plugin's queue hold together.
            await #expect {
                _ = try await handle.execute("announce", Array(#"{"count":500000}"#.utf8))
            } throws: { error in
                "\(error)".contains("the host has not read the 65536 events already queued")
            }
            // What was queued still arrives, in order (the error answer may overtake the events on their stream).
            #expect(await eventually { log.count >= 1 })
            let received = log.all
            #expect(received.first == "1/500000")
            #expect(received == (1...received.count).map { "\($0)/500000" })
        }
    }

    @Test("activation hooks run at load and unload; load, unload and reload are explicit")
    func hooksAndLoadUnload() async throws {
        let directory = PluginDirectory()
        directory.link("misbehaving-plugin", as: "hooked")
        let hookLog = "\(directory.path)/hooks.log"
        try await TestHost.withManager { manager in
            var options = TestHost.options(lazy: true)
            options.environment = ["FIXTURE_HOOK_LOG": hookLog]
            try await manager.registerPlugins(in: directory.path, options: options)
            let handle = try await manager.handle(named: "hooked")
            #expect(!Files.exists(hookLog))
            try await manager.load("hooked")
            #expect(handle.status.state == .ready)
            #expect(RegistrationTests.read(hookLog) == "activate\n")
            let pid = try #require(handle.status.pid)
            try await manager.unload("hooked")
            #expect(handle.status.state == .discovered)
            #expect(!Files.isAlive(pid))
            #expect(RegistrationTests.read(hookLog) == "activate\ndeactivate\n")
            try await manager.reload("hooked")
            let reloaded = try await manager.handle(named: "hooked")
            #expect(reloaded.status.state == .discovered)
            try await reloaded.ping()
            #expect(RegistrationTests.read(hookLog) == "activate\ndeactivate\nactivate\n")
        }
        #expect(RegistrationTests.read(hookLog) == "activate\ndeactivate\nactivate\ndeactivate\n")
    }
}
