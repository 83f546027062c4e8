import CoreMetrics
import Plugboard
import Synchronization
import Tracing

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

/// A metrics backend that keeps every value in memory, each metric under its own lock.
final class BenchMetrics: MetricsFactory {
    final class Handler: CounterHandler, RecorderHandler, TimerHandler, MeterHandler, FloatingPointCounterHandler, Sendable {
        private let value = Mutex<(count: Int64, sum: Double)>((0, 0))
        func increment(by amount: Int64) { value.withLock { $0.count += 1; $0.sum += Double(amount) } }
        func increment(by amount: Double) { value.withLock { $0.count += 1; $0.sum += amount } }
        func decrement(by amount: Double) { value.withLock { $0.count += 1; $0.sum -= amount } }
        func set(_ value: Int64) { self.value.withLock { $0.count += 1; $0.sum = Double(value) } }
        func set(_ value: Double) { self.value.withLock { $0.count += 1; $0.sum = value } }
        func record(_ value: Int64) { self.value.withLock { $0.count += 1; $0.sum += Double(value) } }
        func record(_ value: Double) { self.value.withLock { $0.count += 1; $0.sum += value } }
        func recordNanoseconds(_ duration: Int64) { value.withLock { $0.count += 1; $0.sum += Double(duration) } }
        func reset() { value.withLock { $0 = (0, 0) } }
    }

    private let handlers = Mutex<[String: Handler]>([:])

    private func handler(_ label: String, _ dimensions: [(String, String)]) -> Handler {
        let key = label + dimensions.map { "|\($0.0)=\($0.1)" }.joined()
        return handlers.withLock { handlers in
            if let handler = handlers[key] { return handler }
            let handler = Handler()
            handlers[key] = handler
            return handler
        }
    }

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler { handler(label, dimensions) }
    func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler { handler(label, dimensions) }
    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler { handler(label, dimensions) }
    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler { handler(label, dimensions) }
    func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler { handler(label, dimensions) }
    func destroyCounter(_ handler: any CounterHandler) {}
    func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {}
    func destroyRecorder(_ handler: any RecorderHandler) {}
    func destroyTimer(_ handler: any TimerHandler) {}
    func destroyMeter(_ handler: any MeterHandler) {}
}

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
