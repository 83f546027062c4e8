import Plugboard

/// `plugboard bench --observed`: the manager reports to an in-process metrics backend and tracer that do what a
/// real one does on the caller's path (accumulate under a lock; make a span with W3C ids, record its attributes
/// and end it, inject `traceparent`) and export nothing, so the figures price Plugboard's own instrumentation.
enum BenchObservability {
    static var configuration: PluginManager.Configuration {
        var configuration = PluginManager.Configuration.cli
        configuration.metricsFactory = BenchMetrics()
        configuration.tracer = BenchTracer()
        return configuration
    }
}
