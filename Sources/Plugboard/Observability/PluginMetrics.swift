import CoreMetrics
import PlugboardProtocol
import Synchronization

/// The metrics of one external or attached plugin (docs/OBSERVABILITY.md). Made only when a metrics backend is
/// bootstrapped; the per-endpoint ones are made on first use and kept, so a call costs one dictionary lookup.
final class PluginMetrics: Sendable {
    /// The per-endpoint metrics of calls.
    struct Endpoint: Sendable {
        let name: String
        let calls: Counter
        let duration: Timer
    }

    let plugin: String
    let starts: Counter
    let restarts: Counter
    let crashes: Counter
    let idleStops: Counter
    let startupDuration: Timer
    let inFlight: Meter
    private let factory: any MetricsFactory
    private let endpoints = Mutex<[String: Endpoint]>([:])

    init(plugin: String, factory: any MetricsFactory) {
        self.plugin = plugin
        self.factory = factory
        let dimensions = [("plugin", plugin)]
        starts = Counter(label: MetricNames.starts, dimensions: dimensions, factory: factory)
        restarts = Counter(label: MetricNames.restarts, dimensions: dimensions, factory: factory)
        crashes = Counter(label: MetricNames.crashes, dimensions: dimensions, factory: factory)
        idleStops = Counter(label: MetricNames.idleStops, dimensions: dimensions, factory: factory)
        startupDuration = Timer(label: MetricNames.startupDuration, dimensions: dimensions, preferredDisplayUnit: .seconds, factory: factory)
        inFlight = Meter(label: MetricNames.callsInFlight, dimensions: dimensions, factory: factory)
    }

    /// The metrics of calls to `method path` (its query string left out, so that it names the endpoint).
    func endpoint(_ method: HTTPMethod, _ path: String) -> Endpoint {
        let name = "\(method.rawValue) \(path.prefix { $0 != "?" })"
        return endpoints.withLock { endpoints in
            if let endpoint = endpoints[name] { return endpoint }
            let dimensions = [("plugin", plugin), ("endpoint", name)]
            let endpoint = Endpoint(
                name: name,
                calls: Counter(label: MetricNames.calls, dimensions: dimensions, factory: factory),
                duration: Timer(label: MetricNames.callDuration, dimensions: dimensions, preferredDisplayUnit: .seconds, factory: factory)
            )
            endpoints[name] = endpoint
            return endpoint
        }
    }

    /// Counts a failed call by what ended it.
    func failed(_ endpoint: Endpoint, code: String) {
        Counter(label: MetricNames.callFailures, dimensions: [("plugin", plugin), ("endpoint", endpoint.name), ("code", code)], factory: factory)
            .increment()
    }
}
