import InMemoryTracing
import Tracing

/// swift-distributed-tracing's `InMemoryTracer`, propagating its context as a W3C `traceparent`
/// (`00-<32 hex trace id>-<16 hex span id>-01`), the way an OpenTelemetry tracer does: what the host's tests and the
/// traced fixture plugin both bootstrap, so that a trace crosses the process boundary as it does in production.
public struct W3CTestTracer: Tracer {
    public typealias Span = InMemorySpan

    /// The tracer that records the spans.
    public let recorder: InMemoryTracer

    public init() {
        recorder = InMemoryTracer(idGenerator: InMemoryTracer.IDGenerator(
            nextTraceID: { Self.hex(UInt64.random(in: 1...UInt64.max)) + Self.hex(UInt64.random(in: 0...UInt64.max)) },
            nextSpanID: { Self.hex(UInt64.random(in: 1...UInt64.max)) }
        ))
    }

    static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    public func startSpan<Instant: TracerInstant>(
        _ operationName: String,
        context: @autoclosure () -> ServiceContext,
        ofKind kind: SpanKind,
        at instant: @autoclosure () -> Instant,
        function: String,
        file fileID: String,
        line: UInt
    ) -> InMemorySpan {
        recorder.startSpan(operationName, context: context(), ofKind: kind, at: instant(), function: function, file: fileID, line: line)
    }

    public func forceFlush() { recorder.forceFlush() }

    public func inject<Carrier, Inject: Injector>(_ context: ServiceContext, into carrier: inout Carrier, using injector: Inject) where Inject.Carrier == Carrier {
        guard let span = context.inMemorySpanContext else { return }
        injector.inject("00-\(span.traceID)-\(span.spanID)-01", forKey: "traceparent", into: &carrier)
    }

    public func extract<Carrier, Extract: Extractor>(_ carrier: Carrier, into context: inout ServiceContext, using extractor: Extract) where Extract.Carrier == Carrier {
        guard let value = extractor.extract(key: "traceparent", from: carrier) else { return }
        let parts = value.split(separator: "-")
        guard parts.count == 4, parts[0] == "00", parts[1].count == 32, parts[2].count == 16 else { return }
        context.inMemorySpanContext = InMemorySpanContext(traceID: String(parts[1]), spanID: String(parts[2]), parentSpanID: nil)
    }
}
