import PlugboardProtocol
import PlugboardTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("plugboard with attached plugins, events and one-line errors")
struct AttachedAndEventsTests {
    /// Runs `body` with a directory that holds only a lazy manifest of a running `simple-processor --attach`.
    static func withManifestOnly(_ body: @Sendable (PluginDirectory, String) async throws -> Void) async throws {
        let announce = PluginDirectory()
        let (status, _) = try await TestProcess.withLive(TestBinaries.path("simple-processor"), ["--attach", announce.path, "--tcp"]) { live in
            let url = try #require(try await live.nextLine())
            // The token the plugin requires, from the manifest it wrote.
            let announced = try Manifest.parse(try #require(Files.read("\(announce.path)/simple-processor.pconf")))
            let token = try #require(announced.token)
            let directory = PluginDirectory()
            directory.write("upper.pconf", #"{"name":"upper","url":"\#(url)","lazy":true,"token":"\#(token)"}"#)
            try await body(directory, url)
            live.signal(SIGTERM)
        }
        #expect(status == 0)
    }

    @Test("call, list and inspect work against a directory holding only a lazy manifest")
    func manifestOnly() async throws {
        try await Self.withManifestOnly { directory, url in
            let call = try await CLI.run(["call", directory.path, "dataProcessor", "/process", "--data", #"{"data":"aGVsbG8="}"#])
            #expect(call.status == 0, "\(call.stderr)")
            #expect(call.stdout.contains(#""data":"SEVMTE8=""#))

            let table = try await CLI.run(["list", directory.path])
            #expect(table.status == 0, "\(table.stderr)")
            #expect(table.stdout.contains("dataProcessor: uppercase"), "\(table.stdout)")
            #expect(table.stdout.contains("attached \(url), authenticated, reachable"), "\(table.stdout)")

            let inspect = try await CLI.run(["inspect", "\(directory.path)/upper.pconf"])
            #expect(inspect.status == 0, "\(inspect.stderr)")
            #expect(inspect.stdout.contains("url:       \(url) (reachable)"), "\(inspect.stdout)")
            #expect(inspect.stdout.contains("dataProcessor / uppercase"))
        }
    }

    @Test("list shows a manifest whose plugin is gone as not reachable, exit 0")
    func deadManifest() async throws {
        let directory = PluginDirectory()
        directory.write("ghost.pconf", #"{"name":"ghost","url":"http+unix://\#(directory.path)/nobody.sock"}"#)
        let outcome = try await CLI.run(["list", directory.path, "--json"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.contains(#""kind":"attached""#) && outcome.stdout.contains(#""reachable":false"#), "\(outcome.stdout)")
    }

    @Test("events prints three events, one JSON line each, from a method that sends three")
    func events() async throws {
        let directory = CLI.directory()
        directory.link("text-tools")
        let outcome = try await CLI.run(["events", directory.path, "examples/text-tools", "--execute", "announce", "--data", #"{"count":3}"#, "--count", "3"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == """
            {"event":"progress","seq":1,"text":"1/3"}
            {"event":"progress","seq":2,"text":"2/3"}
            {"event":"progress","seq":3,"text":"3/3"}

            """)
        await CLI.expectNothingLeft(directory)
    }

    @Test("config data that fails a plugin's schema: call says why in one line, naming the plugin and its file")
    func schemaFailure() async throws {
        let directory = CLI.directory()
        let outcome = try await CLI.run(["call", directory.path, "dataProcessor", "/process", "--data", #"{"data":"eA=="}"#,
                                         "--config-data", #"uppercase-settings={"prefix":5}"#])
        #expect(outcome.status == 1)
        let lines = outcome.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(outcome.stderr)")
        #expect(!outcome.stderr.contains("plugboard: plugboard:"))
        #expect(outcome.stderr.contains(#"no plugin serves contract "dataProcessor""#))
        #expect(outcome.stderr.contains(#"skipped 1 plugin: plugin "simple-processor" (\#(directory.path)/simple-processor)"#), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("/prefix: expected string, got integer 5"), "\(outcome.stderr)")
        await CLI.expectNothingLeft(directory)
    }

    @Test("inspect shows methods with their schemas, and events; execute's help describes its input")
    func inspectMethods() async throws {
        let text = try await CLI.run(["inspect", TestBinaries.path("text-tools")])
        #expect(text.status == 0)
        #expect(text.stdout.contains("  count-words: counts words and characters\n    input:  JSON, schema {"), "\(text.stdout)")
        #expect(text.stdout.contains("events:    progress"))
        let json = try await CLI.run(["inspect", TestBinaries.path("text-tools"), "--json"])
        #expect(json.stdout.contains(#""events":["progress"]"#))
        #expect(json.stdout.contains(#""methods":[{"name":"reverse""#))
        let help = try await CLI.run(["execute", "--help"])
        #expect(!help.stdout.contains("JSON for contract endpoints"))
        #expect(help.stdout.contains("the method's input"))
    }

    @Test("an attached plugin at --listen 127.0.0.2:0 (loopback: no TLS needed) is announced there and answers a host there")
    func listenOnLoopback() async throws {
        let manifests = PluginDirectory()
        let (status, stderr) = try await TestProcess.withLive(TestBinaries.path("simple-processor"), ["--attach", manifests.path, "--listen", "127.0.0.2:0"]) { live in
            let url = try await live.nextLine() ?? ""
            #expect(url.hasPrefix("http://127.0.0.2:"), "\(url)")
            let listed = try await CLI.run(["list", manifests.path, "--timeout", "30"])
            #expect(listed.stdout.contains("attached \(url), authenticated, reachable"), "\(listed.stdout) \(listed.stderr)")
            live.signal(SIGTERM)
        }
        #expect(status == 0, "\(stderr)")
    }

    @Test("check takes an attached plugin's manifest: every step passes, its methods are listed but not called, and it keeps running; by URL alone, the token is missing and check says to give the manifest")
    func checkAttached() async throws {
        let manifests = PluginDirectory()
        let (status, stderr) = try await TestProcess.withLive(TestBinaries.path("text-tools"), ["--attach", manifests.path]) { live in
            let url = try await live.nextLine() ?? ""
            let manifest = manifests.path + "/examples.text-tools.pconf"
            let outcome = try await CLI.run(["check", manifest, "--json", "--timeout", "30"])
            let report = try WireJSON.decode(CheckReportJSON.self, from: outcome.stdout)
            #expect(outcome.status == 0, "\(outcome.stdout)")
            #expect(report.steps.map(\.step) == ["attach", "capabilities", "schemas", "healthz", "token", "unknown endpoint", "methods", "events"], "\(outcome.stdout)")
            #expect(report.steps.first { $0.step == "token" }?.detail.contains("refused (401)") == true, "\(outcome.stdout)")
            #expect(report.steps.first { $0.step == "methods" }?.detail.contains("not called") == true, "\(outcome.stdout)")

            let byURL = try await CLI.run(["check", url, "--timeout", "30"])
            #expect(byURL.status == 1)
            #expect(byURL.stdout.contains("FAIL  attach: ") && byURL.stdout.contains("401; give its manifest, which holds the token, instead of its URL"), "\(byURL.stdout)")
            #expect(try await CLI.run(["check", manifest, "--transport", "tcp"]).stderr.contains("--transport and the sandbox flags do not apply"))
            live.signal(SIGTERM)
        }
        #expect(status == 0, "still running after check, and stopped by its SIGTERM: \(stderr)")
    }

    @Test("check of a URL where nothing listens, or where nothing answers, fails its attach step in one line saying which")
    func checkUnreachable() async throws {
        let refused = try await CLI.run(["check", "http://127.0.0.1:\(try SilentListener.refusingPort())", "--timeout", "30"])
        #expect(refused.status == 1)
        #expect(refused.stdout.contains("FAIL  attach: is not reachable at http://127.0.0.1:") && refused.stdout.contains(": connection refused (errno 111)"), "\(refused.stdout)")
        let silent = try SilentListener()
        defer { silent.close() }
        let hung = try await CLI.run(["check", "http://127.0.0.1:\(silent.port)", "--timeout", "2"])
        #expect(hung.status == 1)
        #expect(hung.stdout.contains("FAIL  attach: did not answer GET /healthz at http://127.0.0.1:\(silent.port) within 2.0 seconds"), "\(hung.stdout)")
    }

    @Test("a manifest with tls keys on an http:// URL is refused, by the host and by check alike, never reached in plain HTTP")
    func tlsKeysOnPlainURL() async throws {
        let directory = PluginDirectory()
        directory.write("plain.pconf", #"{"name":"plain","url":"http://127.0.0.1:1","tls":{"ca":"ca.pem"}}"#)
        let message = #"has "tls" keys but its url http://127.0.0.1:1 is not https://: refused rather than reached in plain HTTP"#
        let listed = try await CLI.run(["list", directory.path, "--timeout", "30"])
        #expect(listed.stdout.contains(message), "\(listed.stdout) \(listed.stderr)")
        let checked = try await CLI.run(["check", directory.path + "/plain.pconf"])
        #expect(checked.status == 1)
        #expect(checked.stderr.contains(message), "\(checked.stdout) \(checked.stderr)")
    }
}
