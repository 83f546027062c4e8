import InMemoryTracing
import MetricsTestKit
import Plugboard
import PlugboardContracts
import PlugboardTestSupport
import PlugboardTestTracing
import Synchronization
import Testing
import Tracing

/// The host's metrics (swift-metrics' test kit) and spans (an in-memory tracer propagating W3C `traceparent`), from
/// calls to real plugin processes: what docs/OBSERVABILITY.md lists is what an operator gets.
@Suite("Metrics and tracing")
struct ObservabilityTests {
    /// A manager reporting to `metrics` and `tracer`.
    static func withObservedManager<T: Sendable>(
        metrics: TestMetrics = TestMetrics(), tracer: W3CTestTracer = W3CTestTracer(),
        _ body: (PluginManager) async throws -> T
    ) async throws -> T {
        try await PluginManager.withManager(configuration: .init(metricsFactory: metrics, tracer: tracer), logger: TestHost.quiet, body)
    }

    @Test("docs/OBSERVABILITY.md's test-kit example, as written there")
    func documentedExample() async throws {
        let directory = PluginDirectory()
        directory.link("simple-processor")
        let plugins = directory.path
        let metrics = TestMetrics()
        let tracer = InMemoryTracer()
        try await PluginManager.withManager(configuration: .init(metricsFactory: metrics, tracer: tracer)) { manager in
            try await manager.registerPlugins(in: plugins)
            let processor = try await manager.plugin(DataProcessorContract.self)
            _ = try await processor.process(ProcessRequest(data: "hello"))
        }
        let calls = try metrics.expectCounter("plugboard_calls_total", [("plugin", "simple-processor"), ("endpoint", "POST /process")])
        #expect(calls.totalValue == 1)
        #expect(tracer.finishedSpans.count == 1)
    }

    @Test("a call produces the documented metrics and one client span, a child of the caller's, with plugin, contract, endpoint and outcome")
    func callMetricsAndSpan() async throws {
        let metrics = TestMetrics()
        let tracer = W3CTestTracer()
        let directory = PluginDirectory()
        directory.link("simple-processor")
        let parent = try await Self.withObservedManager(metrics: metrics, tracer: tracer) { manager in
            try await manager.registerPlugins(in: directory.path, options: TestHost.options(.unix))
            let processor = try await manager.plugin(DataProcessorContract.self)
            return try await tracer.withSpan("handle request") { span in
                _ = try await processor.process(ProcessRequest(data: "hello"))
                return span.context.inMemorySpanContext
            }
        }
        let plugin = ("plugin", "simple-processor")
        let endpoint = [plugin, ("endpoint", "POST /process")]
        #expect(try metrics.expectCounter("plugboard_calls_total", endpoint).totalValue == 1)
        let duration = try metrics.expectTimer("plugboard_call_duration_seconds", endpoint)
        #expect(duration.values.count == 1 && duration.values[0] > 0)
        #expect(try metrics.expectMeter("plugboard_calls_in_flight", [plugin]).values == [1, 0])
        #expect(try metrics.expectCounter("plugboard_plugin_starts_total", [plugin]).totalValue == 1)
        #expect(try metrics.expectTimer("plugboard_plugin_startup_duration_seconds", [plugin]).values.count == 1)
        #expect(metrics.counters.filter { $0.label == "plugboard_call_failures_total" }.isEmpty)
        // The plugin was counted as discovered, starting, ready, then left the count at shutdown.
        #expect(try metrics.expectMeter("plugboard_plugins", [("state", "ready")]).values == [1, 0])

        let spans = tracer.recorder.finishedSpans.filter { $0.operationName == "POST /process" }
        #expect(spans.count == 1)
        let span = try #require(spans.first)
        #expect(span.kind == .client)
        #expect(span.traceID == parent?.traceID && span.parentSpanID == parent?.spanID)
        #expect(span.attributes["plugboard.plugin"]?.toSpanAttribute() == "simple-processor")
        #expect(span.attributes["plugboard.contract"]?.toSpanAttribute() == "dataProcessor")
        #expect(span.attributes["plugboard.endpoint"]?.toSpanAttribute() == "/process")
        #expect(span.attributes["plugboard.outcome"]?.toSpanAttribute() == "ok")
        #expect(span.status == nil)
    }

    @Test("a plugin built on the SDK runs its handler in the host's trace, and its own spans are children of the host's call span")
    func pluginSeesHostTrace() async throws {
        let tracer = W3CTestTracer()
        let directory = PluginDirectory()
        directory.link("traced-plugin")
        struct Report: Codable { var traceID: String?; var spanID: String?; var childTraceID: String?; var childParentSpanID: String? }
        let (report, host) = try await Self.withObservedManager(tracer: tracer) { manager in
            try await manager.registerPlugins(in: directory.path, options: TestHost.options(.unix))
            let plugin = try await manager.plugin(name: "traced-plugin")
            return try await tracer.withSpan("handle request") { span in
                let output = try await plugin.execute("trace")
                return (try WireJSON.decode(Report.self, from: output), span.context.inMemorySpanContext)
            }
        }
        let call = try #require(tracer.recorder.finishedSpans.first { $0.operationName.hasSuffix("/methods/trace") })
        #expect(report.traceID != nil && report.traceID == host?.traceID, "the plugin saw trace \(report.traceID ?? "none")")
        #expect(report.spanID == call.spanID, "the plugin's parent is the host's client span")
        #expect(report.childTraceID == host?.traceID && report.childParentSpanID == call.spanID)
    }

    @Test("an event's handler runs in the trace context of the plugin code that notified")
    func eventsCarryTheirContext() async throws {
        let tracer = W3CTestTracer()
        let directory = PluginDirectory()
        directory.link("traced-plugin")
        let seen = Mutex<[String?]>([])
        let host = try await Self.withObservedManager(tracer: tracer) { manager in
            try await manager.registerPlugins(in: directory.path, options: TestHost.options(.unix))
            let plugin = try await manager.plugin(name: "traced-plugin")
            try await plugin.on("traced") { _ in
                let trace = ServiceContext.current?.inMemorySpanContext?.traceID
                seen.withLock { $0.append(trace) }
            }
            let host = try await tracer.withSpan("handle request") { span in
                _ = try await plugin.execute("notify")
                return span.context.inMemorySpanContext
            }
            #expect(await eventually { !seen.withLock { $0.isEmpty } })
            return host
        }
        #expect(seen.withLock { $0 } == [host?.traceID])
    }

    @Test("a crash during a call counts a crash, a failure by its code, and a restart when the plugin starts again")
    func crashMetrics() async throws {
        let metrics = TestMetrics()
        let directory = PluginDirectory()
        directory.link("misbehaving-plugin")
        let plugin = ("plugin", "misbehaving-plugin")
        try await Self.withObservedManager(metrics: metrics) { manager in
            var options = TestHost.options(.unix)
            options.environment = ["FIXTURE_CRASH_RATE": "1"]
            options.restartBackoff = RestartBackoff(initial: .milliseconds(10), maximum: .milliseconds(10))
            try await manager.registerPlugins(in: directory.path, options: options)
            let processor = try await manager.plugin(DataProcessorContract.self)
            for _ in 0..<2 {
                await #expect(throws: PluginError.self) { _ = try await processor.process(ProcessRequest(data: "x")) }
            }
            #expect(await eventually { (try? metrics.expectCounter("plugboard_plugin_crashes_total", [plugin]).totalValue) == 2 })
        }
        let failures = try metrics.expectCounter("plugboard_call_failures_total", [plugin, ("endpoint", "POST /process"), ("code", "crashed")])
        #expect(failures.totalValue == 2)
        #expect(try metrics.expectCounter("plugboard_plugin_starts_total", [plugin]).totalValue == 2)
        #expect(try metrics.expectCounter("plugboard_plugin_restarts_total", [plugin]).totalValue == 1)
    }
}
