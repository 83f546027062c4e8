import CoreMetrics
import Synchronization

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
