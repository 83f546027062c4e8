import PlugboardProtocol
import PlugboardTestSupport
import Testing

/// `plugboard bench --quick --json` runs end to end and reports every figure. No timing is asserted: the figures
/// depend on the machine; only their presence and sign are checked.
@Suite("plugboard bench")
struct BenchSmokeTests {
    /// The keys issue #6 requires in the JSON object, plus the floor's 1 MiB copy and the ratios to the floor.
    static let requiredKeys = [
        "floor_p50_us", "call_p50_us", "call_p99_us", "call_p50_tcp_us", "throughput_8", "floor_throughput_8",
        "startup_p50_ms", "discovery_50_ms", "rss_idle_kb", "internal_call_ns", "raw_1mib_us", "json_1mib_us",
        "floor_1mib_us", "call_p50_ratio", "call_p99_ratio", "call_p50_tcp_ratio", "throughput_8_ratio",
        "raw_1mib_ratio", "json_1mib_ratio", "pss_idle_kb", "private_dirty_idle_kb", "anonymous_idle_kb", "pss_per_instance_10_kb",
    ]

    /// The numeric members of the report object (other members are skipped).
    struct NumericMembers: Decodable {
        var values: [String: Double] = [:]

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        init(from decoder: any Decoder) throws {
            let object = try decoder.container(keyedBy: Key.self)
            for key in object.allKeys {
                if let number = try? object.decode(Double.self, forKey: key) { values[key.stringValue] = number }
            }
        }
    }

    @Test("--quick --json prints one object with every figure as a positive number")
    func quickJSON() async throws {
        let outcome = try await TestProcess.run(TestBinaries.path("plugboard"), ["bench", "--quick", "--json"], timeout: .seconds(180))
        #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
        let lines = outcome.stdout.split(separator: "\n")
        try #require(lines.count == 1, "expected one line of JSON, got: \(outcome.stdout)")
        let figures = try WireJSON.decode(NumericMembers.self, from: String(lines[0])).values
        for key in Self.requiredKeys {
            let value = try #require(figures[key], "missing or not a number: \(key) in \(lines[0])")
            #expect(value > 0, "\(key) is \(value)")
        }
    }

    /// What `--compare` adds to the object: the other plugin's name, its figures, and why some were skipped.
    struct Comparison: Decodable {
        var compare_plugin: String
        var compare: NumericMembers
        var skipped: [String]
    }

    @Test("--compare measures another dataProcessor plugin in the same run and says which figures it skips")
    func compareWithPluginWithoutEcho() async throws {
        // A plugin serving dataProcessor (type echo) without a raw POST /echo.
        let other = TestBinaries.path("misbehaving-plugin")
        let outcome = try await TestProcess.run(TestBinaries.path("plugboard"), ["bench", "--quick", "--json", "--compare", other], timeout: .seconds(300))
        #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
        let line = try #require(outcome.stdout.split(separator: "\n").first.map(String.init))
        let own = try WireJSON.decode(NumericMembers.self, from: line).values
        let report = try WireJSON.decode(Comparison.self, from: line)
        #expect(report.compare_plugin == "misbehaving-plugin")
        for key in ["call_p50_us", "call_p99_us", "throughput_8", "startup_p50_ms", "discovery_50_ms", "rss_idle_kb", "pss_per_instance_10_kb", "json_1mib_us"] {
            #expect((report.compare.values[key] ?? 0) > 0, "compare.\(key) in \(line)")
            #expect((own[key] ?? 0) > 0, "\(key) in \(line)")
        }
        #expect(report.compare.values["raw_1mib_us"] == nil, "the plugin has no /echo: \(line)")
        #expect(report.skipped.contains { $0.contains("misbehaving-plugin serves no POST /echo") }, "\(report.skipped)")
    }

    @Test("--compare names the path and the cause when it holds no plugin serving dataProcessor")
    func compareWithNothingToMeasure() async throws {
        let directory = PluginDirectory()
        defer { directory.remove() }
        let transformer = directory.link("transformer")
        let outcome = try await TestProcess.run(TestBinaries.path("plugboard"), ["bench", "--quick", "--compare", directory.path], timeout: .seconds(60))
        #expect(outcome.status != 0)
        #expect(outcome.stderr.contains("no plugin serving dataProcessor in \(directory.path): \(transformer): serves no dataProcessor type"), "stderr: \(outcome.stderr)")
    }

    #if TLS
    @Test("--tls compares plain and mutual-TLS calls and attaches of an attached simple-processor, and leaves nothing running")
    func tlsComparison() async throws {
        let outcome = try await TestProcess.run(TestBinaries.path("plugboard"), ["bench", "--quick", "--json", "--tls", TLSFixture.path("")], timeout: .seconds(180))
        #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
        let figures = try WireJSON.decode(NumericMembers.self, from: outcome.stdout).values
        for key in ["plain_call_p50_us", "tls_call_p50_us", "plain_call_p99_us", "tls_call_p99_us", "plain_attach_p50_ms", "tls_attach_p50_ms"] {
            #expect((figures[key] ?? 0) > 0, "\(key) in \(outcome.stdout)")
        }
        #expect(await eventually(timeout: .seconds(5)) { Files.processes(mentioning: "pb-bench-attach-").isEmpty })
        #expect(Files.list("/tmp").filter { $0.hasPrefix("pb-bench-attach-") }.isEmpty)
        let missing = try await TestProcess.run(TestBinaries.path("plugboard"), ["bench", "--tls", "/nonexistent"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("cannot read /nonexistent/ca.pem"), "\(missing.stderr)")
    }
    #endif
}
