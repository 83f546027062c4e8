import CoreMetrics
import Tracing

/// The metrics factory and tracer of one manager, each nil when none is bootstrapped (or configured): the call
/// path then does no work for it, not even a clock read (docs/PERFORMANCE.md measures both ways).
struct HostObservability: Sendable {
    /// Where metrics go, or nil.
    let metrics: (any MetricsFactory)?
    /// The tracer of call spans, or nil.
    let tracer: (any Tracer)?
    /// `plugboard_plugins` by state, when metrics go somewhere.
    let plugins: PluginStateGauges?

    init(metrics: (any MetricsFactory)?, tracer: (any Tracer)?) {
        let factory = metrics ?? MetricsSystem.factory
        self.metrics = factory is NOOPMetricsHandler ? nil : factory
        let tracer = tracer ?? InstrumentationSystem.tracer
        self.tracer = tracer is NoOpTracer ? nil : tracer
        self.plugins = self.metrics.map(PluginStateGauges.init(factory:))
    }

    /// Nothing observed.
    static let none = HostObservability(metrics: NOOPMetricsHandler.instance, tracer: NoOpTracer())
}
