import PlugboardProtocol
import PlugboardTestSupport
import Testing

/// The plugin executable's command line, run as a real process.
@Suite("Plugin command line")
struct PluginCommandLineTests {
    let plugin = TestBinaries.path("simple-processor")

    @Test("capabilities prints one v2 JSON document and exits 0")
    func capabilities() async throws {
        let outcome = try await TestProcess.run(plugin, ["capabilities"])
        #expect(outcome.status == 0)
        let capabilities = try Capabilities.parse(Array(outcome.stdout.utf8))
        #expect(capabilities.protocolVersion == 2)
        #expect(capabilities.types["dataProcessor"]?.map(\.type) == ["uppercase"])
        #expect(capabilities.configTypes.first?.jsonSchema != nil)
        #expect(capabilities.supports(.token) && capabilities.supports(.parentWatch))
    }

    @Test("a missing or malformed config is one line on stderr and exit status 2", arguments: [
        ([String](), "missing command"),
        (["--config"], "--config needs a JSON value"),
        (["--config", "{not json"], "invalid --config: invalid config"),
        (["--config", #"{"type":"unix"}"#], "required key 'id' is missing"),
        (["--config", #"{"id":"x","idleTimeout":"soon"}"#], "$.idleTimeout"),
        (["--config", ""], "the config is empty"),
        (["--frobnicate"], "unknown argument '--frobnicate'"),
    ])
    func badConfig(arguments: [String], message: String) async throws {
        let outcome = try await TestProcess.run(plugin, arguments)
        #expect(outcome.status == 2)
        #expect(outcome.stdout.isEmpty)
        let first = outcome.stderr.split(separator: "\n").first.map(String.init) ?? ""
        #expect(first.hasPrefix("simple-processor: "), "stderr: \(outcome.stderr)")
        #expect(first.contains(message), "stderr: \(outcome.stderr)")
    }

    @Test("--listen takes an address and a port, and refuses plain HTTP beyond loopback", arguments: [
        ("0.0.0.0:8443", "accepts connections from other machines, which needs TLS: add --tls-cert FILE --tls-key FILE"),
        ("[::]:8443", "accepts connections from other machines, which needs TLS"),
        ("example.com:80", "'example.com' is not an IPv4 address"),
        ("::1:80", "an IPv6 address must be in brackets"),
        ("[::1]80", "an IPv6 address in brackets needs :PORT after it"),
        ("127.0.0.1:70000", "'70000' is not a port (0 to 65535)"),
        ("127.0.0.1", "no port"),
    ])
    func badListen(listen: String, message: String) async throws {
        let directory = PluginDirectory()
        let outcome = try await TestProcess.run(plugin, ["--attach", directory.path, "--listen", listen])
        #expect(outcome.status == 2)
        let first = outcome.stderr.split(separator: "\n").first.map(String.init) ?? ""
        #expect(first.contains(message), "stderr: \(outcome.stderr)")
        #expect(Files.list(directory.path).isEmpty, "nothing announced")
    }
}
