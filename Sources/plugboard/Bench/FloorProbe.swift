import Synchronization

/// The floor's 64-byte round trips, measured in blocks between blocks of calls.
///
/// The machine's speed drifts within seconds on a shared host, so the latency ratio compares calls with floor
/// round trips taken in the same stretches of time: the call-latency stages alternate a block of calls with a block
/// of round trips, and both percentiles come from the pooled blocks.
final class FloorProbe: Sendable {
    private let child: FloorChild
    private let samples = Mutex<[Duration]>([])

    init(executable: String, warmup: Int) throws {
        child = try FloorChild.spawn(executable: executable)
        _ = try measure(warmup, record: false)
    }

    /// Measures `count` round trips on a POSIX thread (no event loop, no Swift concurrency) and keeps them.
    func measure(_ count: Int) throws {
        _ = try measure(count, record: true)
    }

    private func measure(_ count: Int, record: Bool) throws -> Int {
        let child = self.child
        let thread = try PosixThread { () -> [Duration]? in
            let clock = ContinuousClock()
            var buffer = [UInt8](repeating: 0x61, count: 64)
            var durations: [Duration] = []
            durations.reserveCapacity(count)
            for _ in 0..<count {
                let started = clock.now
                guard child.roundTrip(&buffer) else { return nil }
                durations.append(clock.now - started)
            }
            return durations
        }
        guard let durations = thread.join() else { throw FloorBench.childFailed }
        if record { samples.withLock { $0.append(contentsOf: durations) } }
        return durations.count
    }

    /// Every round trip measured so far.
    var roundTrips: Samples { Samples(samples.withLock { $0 }) }

    /// Stops the echo child and reaps it.
    func finish() { child.finish() }
}
