import Instrumentation
import NIOHTTP1
import Tracing

/// The plugin's end of trace propagation (docs/OBSERVABILITY.md): the host sends its call span's context in the
/// request's headers (W3C `traceparent` with OpenTelemetry); a handler runs in the `ServiceContext` the plugin's
/// instrument extracts from them, so its own spans are children of the host's, and an event it notifies carries
/// that context back. With no instrument bootstrapped (`InstrumentationSystem.bootstrap`), nothing is done.
enum TracePropagation {
    /// The instrument in effect, or nil when none is bootstrapped.
    static var instrument: (any Instrument)? {
        let instrument = InstrumentationSystem.instrument
        return instrument is NoOpInstrument || instrument is NoOpTracer ? nil : instrument
    }

    /// The context a request's headers carry, or nil when no instrument is bootstrapped.
    static func context(of headers: HTTPHeaders) -> ServiceContext? {
        guard let instrument else { return nil }
        var context = ServiceContext.topLevel
        instrument.extract(headers, into: &context, using: HTTPHeadersExtractor())
        return context
    }

    /// The current context as the instrument injects it (`traceparent`, …), for an event; nil when there is none.
    static func currentCarrier() -> [String: String]? {
        guard let instrument, let context = ServiceContext.current else { return nil }
        var carrier: [String: String] = [:]
        instrument.inject(context, into: &carrier, using: DictionaryInjector())
        return carrier.isEmpty ? nil : carrier
    }
}
