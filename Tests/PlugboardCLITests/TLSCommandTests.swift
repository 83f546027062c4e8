#if TLS
import PlugboardProtocol
import PlugboardTestSupport
import Testing

@Suite("plugboard with https plugins")
struct TLSCommandTests {
    /// The flags that give the test CA and the client certificate it signed.
    static let clientFlags = ["--tls-ca", TLSFixture.path("ca.pem"), "--tls-cert", TLSFixture.path("client.pem"), "--tls-key", TLSFixture.path("client-key.pem")]

    @Test("list, call and inspect reach a mutual-TLS plugin with the manifest's tls keys or the --tls flags; without a client certificate, a one-line error")
    func listCallInspect() async throws {
        let (status, stderr) = try await TLSFixture.withPlugin("simple-processor", mutual: true) { url, _, live in
            let directory = PluginDirectory()
            directory.write("upper.pconf", #"{"name":"upper","url":"\#(url)","tls":{"ca":"\#(TLSFixture.path("ca.pem"))","cert":"\#(TLSFixture.path("client.pem"))","key":"\#(TLSFixture.path("client-key.pem"))"}}"#)
            let table = try await CLI.run(["list", directory.path, "--timeout", "30"])
            #expect(table.status == 0, "\(table.stderr)")
            #expect(table.stdout.contains("attached \(url), authenticated, reachable"), "\(table.stdout)")

            let call = try await CLI.run(["call", directory.path, "dataProcessor", "/process", "--data", #"{"data":"aGVsbG8="}"#])
            #expect(call.status == 0, "\(call.stderr)")
            #expect(call.stdout.contains(#""data":"SEVMTE8=""#), "\(call.stdout)")

            let inspect = try await CLI.run(["inspect", url, "--timeout", "30"] + Self.clientFlags)
            #expect(inspect.status == 0, "\(inspect.stderr)")
            #expect(inspect.stdout.contains("dataProcessor / uppercase"), "\(inspect.stdout)")

            let refused = try await CLI.run(["inspect", url, "--timeout", "30", "--tls-ca", TLSFixture.path("ca.pem")])
            #expect(refused.status == 1)
            #expect(refused.stderr.split(separator: "\n").count == 1, "\(refused.stderr)")
            #expect(refused.stderr.contains("requires a client certificate and the host sent none") || refused.stderr.contains("refused the host's client certificate or the lack of one"), "\(refused.stderr)")

            let noCA = try await CLI.run(["inspect", url])
            #expect(noCA.status == 1)
            #expect(noCA.stderr.contains("no CA certificate is given"), "\(noCA.stderr)")
            #expect(await live.waitForStderr(containing: "the client sent no certificate"), "\(live.stderr)")
        }
        #expect(status == 0, "\(stderr)")
    }

    @Test("a plugin listening on every address (--listen 0.0.0.0:0) over mutual TLS announces loopback, and answers there")
    func listenEverywhere() async throws {
        let (status, stderr) = try await TLSFixture.withPlugin(mutual: true, listen: "0.0.0.0:0") { url, _, _ in
            #expect(url.hasPrefix("https://127.0.0.1:"), "\(url)")
            let port = url.split(separator: ":").last.map(String.init) ?? ""
            #expect(Files.listeningTCP().contains("0.0.0.0:\(port)"), "not bound to 0.0.0.0: \(Files.listeningTCP())")
            let directory = PluginDirectory()
            directory.write("tools.pconf", #"{"name":"tools","url":"\#(url)"}"#)
            let reversed = try await CLI.run(["execute", directory.path, "tools", "reverse", "--data", "abc"] + Self.clientFlags)
            #expect(reversed.status == 0, "\(reversed.stderr)")
            #expect(reversed.stdout.contains("cba"), "\(reversed.stdout)")
        }
        #expect(status == 0, "\(stderr)")
    }

    @Test("check takes an https URL: mutual TLS is seen (a host without a client certificate is refused) and the certificate is the credential")
    func checkOverTLS() async throws {
        let (status, stderr) = try await TLSFixture.withPlugin(mutual: true) { url, _, _ in
            let outcome = try await CLI.run(["check", url, "--json", "--timeout", "30"] + Self.clientFlags)
            let report = try WireJSON.decode(CheckReportJSON.self, from: outcome.stdout)
            #expect(outcome.status == 0, "\(outcome.stdout) \(outcome.stderr)")
            #expect(report.steps.first { $0.step == "tls" }?.detail.contains("a host without a client certificate is refused (mutual TLS)") == true, "\(outcome.stdout)")
            #expect(report.steps.first { $0.step == "token" }?.detail == "no token: the client certificate is the credential", "\(outcome.stdout)")
            let untrusted = try await CLI.run(["check", url, "--timeout", "30", "--tls-ca", TLSFixture.path("other-ca.pem")])
            #expect(untrusted.status == 1)
            #expect(untrusted.stdout.contains("FAIL  attach: "), "\(untrusted.stdout)")
        }
        #expect(status == 0, "\(stderr)")
    }

    @Test("execute and events over TLS: the events stream has its own TLS connection")
    func executeAndEvents() async throws {
        let (status, stderr) = try await TLSFixture.withPlugin(mutual: true) { url, _, _ in
            let directory = PluginDirectory()
            directory.write("tools.pconf", #"{"name":"tools","url":"\#(url)"}"#)
            let reversed = try await CLI.run(["execute", directory.path, "tools", "reverse", "--data", "abc"] + Self.clientFlags)
            #expect(reversed.status == 0, "\(reversed.stderr)")
            #expect(reversed.stdout.contains("cba"), "\(reversed.stdout)")
            let events = try await CLI.run(["events", directory.path, "tools", "progress", "--execute", "announce", "--data", #"{"count":2}"#, "--count", "2"] + Self.clientFlags)
            #expect(events.status == 0, "\(events.stderr)")
            #expect(events.stdout.contains(#""seq":2"#), "\(events.stdout)")
        }
        #expect(status == 0, "\(stderr)")
    }
}
#endif
