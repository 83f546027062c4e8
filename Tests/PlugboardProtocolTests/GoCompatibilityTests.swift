import PlugboardProtocol
import Testing

/// Documents recorded from the Go framework's encoding/json, byte for byte.
@Suite("Go framework wire compatibility")
struct GoCompatibilityTests {
    @Test("capabilities with a base64 jsonSchema and string configTypes decode")
    func goCapabilities() throws {
        // What `json.NewEncoder(os.Stdout).Encode(capabilities)` prints for the seed's example plugin.
        let recorded = #"{"types":{"dataProcessor":[{"type":"my-processor","jsonSchema":"eyJ0eXBlIjogIm9iamVjdCJ9"}]},"configTypes":["my-config-type"]}"# + "\n"
        let capabilities = try Capabilities.parse(Array(recorded.utf8))
        #expect(capabilities.protocolVersion == 1)
        #expect(capabilities.types["dataProcessor"]?.first?.type == "my-processor")
        #expect(capabilities.types["dataProcessor"]?.first?.jsonSchema?.description == #"{"type": "object"}"#)
        #expect(capabilities.configTypes.map(\.type) == ["my-config-type"])
        #expect(!capabilities.supports(.token))
    }

    @Test("an inline JSON schema is accepted too")
    func inlineSchema() throws {
        let text = #"{"types":{"transformer":[{"type":"t","jsonSchema":{"type":"string"}}]}}"#
        let capabilities = try Capabilities.parse(Array(text.utf8))
        #expect(try WireJSON.decode(AnyValue.self, from: capabilities.types["transformer"]![0].jsonSchema!.bytes) == AnyValue(type: "string"))
    }

    @Test("a base64 schema that is not JSON is refused with its JSON path")
    func badBase64Schema() {
        let text = #"{"types":{"dataProcessor":[{"type":"x","jsonSchema":"bm90IGpzb24="}]}}"#
        #expect {
            try Capabilities.parse(Array(text.utf8))
        } throws: { error in
            "\(error)".contains("$.types.dataProcessor[0].jsonSchema") && "\(error)".contains("does not hold JSON")
        }
    }

    @Test("config encodes idleTimeout as integer nanoseconds and data as base64")
    func configEncoding() throws {
        let config = PluginConfig(id: "p-1", type: .tcp, idleTimeout: .seconds(300), configTypes: [ConfigData(type: "my-config-type", data: Array(#"{"setting": "value"}"#.utf8))])
        let text = String(decoding: try WireJSON.encode(config), as: UTF8.self)
        // Field order as Go's encoding/json writes the seed's PluginConfig struct.
        #expect(text == #"{"id":"p-1","type":"tcp","idleTimeout":300000000000,"configTypes":[{"type":"my-config-type","data":"eyJzZXR0aW5nIjogInZhbHVlIn0="}]}"#)
    }

    @Test("config as Go writes it decodes; durations as strings too", arguments: [
        (#"{"id":"a","type":"unix","idleTimeout":300000000000,"configTypes":[{"type":"c","data":"e30="}]}"#, Int64(300_000_000_000)),
        (#"{"id":"a","type":"tcp","idleTimeout":"5m","configTypes":null}"#, Int64(300_000_000_000)),
        (#"{"id":"a","type":"tcp","idleTimeout":"1h30m"}"#, Int64(5_400_000_000_000)),
        (#"{"id":"a","idleTimeout":"250ms"}"#, Int64(250_000_000)),
    ])
    func goConfig(text: String, nanoseconds: Int64) throws {
        let config = try PluginConfig.parse(Array(text.utf8))
        #expect(config.idleTimeout?.nanoseconds == nanoseconds)
    }

    @Test("a malformed config names the JSON path")
    func badConfig() {
        #expect {
            try PluginConfig.parse(Array(#"{"id":"a","configTypes":[{"type":"c","data":"!!"}]}"#.utf8))
        } throws: { error in
            "\(error)".contains("$.configTypes[0].data") && "\(error)".contains("base64")
        }
        #expect {
            try PluginConfig.parse(Array(#"{"type":"unix"}"#.utf8))
        } throws: { error in
            "\(error)".contains("required key 'id' is missing")
        }
    }

    @Test("Go's location lines parse", arguments: [
        ("[::]:43483", Location.tcp(host: "127.0.0.1", port: 43483)),
        ("127.0.0.1:8080", .tcp(host: "127.0.0.1", port: 8080)),
        (":9000", .tcp(host: "127.0.0.1", port: 9000)),
        ("http://127.0.0.1:5000", .tcp(host: "127.0.0.1", port: 5000)),
        ("http://[::1]:5000/", .tcp(host: "::1", port: 5000)),
        ("http+unix:///tmp/x.sock", .unix(path: "/tmp/x.sock")),
        ("unix:///run/p.sock\n", .unix(path: "/run/p.sock")),
        ("  localhost:1  ", .tcp(host: "localhost", port: 1)),
    ])
    func locations(line: String, expected: Location) throws {
        #expect(try Location(parsing: line) == expected)
    }

    @Test("stray lines are not locations", arguments: ["starting up", "debug: 127.0.0.1 is here", "foo:12", "http+unix://relative.sock", "127.0.0.1:99999", "[::]:x", "", "10:30:15", "::1:8080", "[10:30]:15", "[1.2.3.4]:80", "[zz::1]:80"])
    func notLocations(line: String) {
        #expect(!Location.looksLikeLocation(line))
    }

    @Test("locations print with a scheme")
    func printedLocations() {
        #expect(Location.unix(path: "/tmp/a.sock").description == "http+unix:///tmp/a.sock")
        #expect(Location.tcp(host: "127.0.0.1", port: 80).description == "http://127.0.0.1:80")
        #expect(Location.tcp(host: "::1", port: 80).description == "http://[::1]:80")
    }
}
