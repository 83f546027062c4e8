import Synchronization
import Tracing

/// A tracer that makes real spans (random W3C ids, attributes, status, end time) and drops them when they end.
struct BenchTracer: Tracer {
    struct SpanIDs: ServiceContextKey {
        typealias Value = (trace: String, span: String)
    }

    final class BenchSpan: Tracing.Span, Sendable {
        let context: ServiceContext
        private let state: Mutex<(name: String, attributes: SpanAttributes, status: SpanStatus?, ended: Bool)>

        init(name: String, context: ServiceContext) {
            self.context = context
            self.state = Mutex((name, [:], nil, false))
        }

        var operationName: String {
            get { state.withLock { $0.name } }
            set { state.withLock { $0.name = newValue } }
        }
        var attributes: SpanAttributes {
            get { state.withLock { $0.attributes } }
            set { state.withLock { $0.attributes = newValue } }
        }
        var isRecording: Bool { state.withLock { !$0.ended } }
        func setStatus(_ status: SpanStatus) { state.withLock { $0.status = status } }
        func addEvent(_ event: SpanEvent) {}
        func addLink(_ link: SpanLink) {}
        func recordError<Instant: TracerInstant>(_ error: any Error, attributes: SpanAttributes, at instant: @autoclosure () -> Instant) {}
        func end<Instant: TracerInstant>(at instant: @autoclosure () -> Instant) {
            _ = instant()
            state.withLock { $0.ended = true }
        }
    }

    static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    func startSpan<Instant: TracerInstant>(
        _ operationName: String, context: @autoclosure () -> ServiceContext, ofKind kind: SpanKind,
        at instant: @autoclosure () -> Instant, function: String, file fileID: String, line: UInt
    ) -> BenchSpan {
        var context = context()
        let trace = context[SpanIDs.self]?.trace ?? Self.hex(.random(in: 1...UInt64.max)) + Self.hex(.random(in: 0...UInt64.max))
        context[SpanIDs.self] = (trace, Self.hex(.random(in: 1...UInt64.max)))
        _ = instant()
        return BenchSpan(name: operationName, context: context)
    }

    func forceFlush() {}

    func inject<Carrier, Inject: Injector>(_ context: ServiceContext, into carrier: inout Carrier, using injector: Inject) where Inject.Carrier == Carrier {
        guard let ids = context[SpanIDs.self] else { return }
        injector.inject("00-\(ids.trace)-\(ids.span)-01", forKey: "traceparent", into: &carrier)
    }

    func extract<Carrier, Extract: Extractor>(_ carrier: Carrier, into context: inout ServiceContext, using extractor: Extract) where Extract.Carrier == Carrier {}
}
