import CoreMetrics
import Synchronization

/// The host's `plugboard_plugins` meters, one per ``PluginState``: how many registered external and attached
/// plugins are in each state now. Each plugin reports its moves; a plugin shut down (removed, or the manager shut
/// down) leaves the count.
final class PluginStateGauges: Sendable {
    private let factory: any MetricsFactory
    private let meters = Mutex<[PluginState: Meter]>([:])

    init(factory: any MetricsFactory) {
        self.factory = factory
    }

    /// A plugin moved from `old` to `new` (nil: not counted, before registration or after shutdown).
    func moved(from old: PluginState?, to new: PluginState?) {
        guard old != new else { return }
        if let old { meter(old).decrement() }
        if let new { meter(new).increment() }
    }

    private func meter(_ state: PluginState) -> Meter {
        meters.withLock { meters in
            if let meter = meters[state] { return meter }
            let meter = Meter(label: MetricNames.plugins, dimensions: [("state", state.rawValue)], factory: factory)
            meters[state] = meter
            return meter
        }
    }
}
