import Synchronization

/// The floor: what the machine itself costs for the same exchanges, measured in the same run.
///
/// Children (`plugboard bench-floor-echo`) echo over `socketpair(AF_UNIX, SOCK_STREAM)`; the parent drives them
/// from dedicated POSIX threads with blocking `write`/`read`, so no event loop or Swift concurrency is involved.
struct FloorBench {
    /// This executable, re-run as the echo child.
    let executable: String
    /// How much to measure.
    let settings: BenchSettings

    /// What the floor measured. (Its 64-byte round trips are measured between the calls, by ``FloorProbe``.)
    struct Result: Sendable {
        /// 64-byte round trips per second over 8 socket pairs, one thread and one child each.
        var throughput8: Double
        /// Echoing 1 MiB through the socket pair (written and read at once), per copy.
        var copy1MiB: Samples
    }

    /// Runs every floor measurement; the children are reaped before it returns.
    func run() throws -> Result {
        let throughput = try measureThroughput(connections: 8)
        let copies = try measureCopies()
        return Result(throughput8: throughput, copy1MiB: copies)
    }

    private func measureThroughput(connections: Int) throws -> Double {
        let children = try (0..<connections).map { _ in try FloorChild.spawn(executable: executable) }
        defer { for child in children { child.finish() } }
        // One round trip each first: on a loaded machine a child can take longer to start than the whole window.
        var ping = [UInt8](repeating: 0x61, count: 64)
        for child in children where !child.roundTrip(&ping) { throw Self.childFailed }
        let window = BenchWindow(warmup: .milliseconds(200), length: settings.throughputWindow)
        let threads = try children.map { child in
            try PosixThread { () -> Int? in
                var buffer = [UInt8](repeating: 0x61, count: 64)
                var counted = 0
                while true {
                    guard child.roundTrip(&buffer) else { return nil }
                    switch window.classify(.now) {
                    case .before: continue
                    case .inside: counted += 1
                    case .after: return counted
                    }
                }
            }
        }
        var total = 0
        for thread in threads {
            guard let counted = thread.join() else { throw Self.childFailed }
            total += counted
        }
        return Double(total) / BenchDuration(window.length).seconds
    }

    private func measureCopies() throws -> Samples {
        let child = try FloorChild.spawn(executable: executable)
        defer { child.finish() }
        let (warmup, count) = (settings.bulkWarmup, settings.bulkSamples)
        let thread = try PosixThread { () -> [Duration]? in
            let clock = ContinuousClock()
            let payload = BenchPayload.mebibyte
            var received = [UInt8](repeating: 0, count: payload.count)
            for _ in 0..<warmup { guard child.copy(payload, into: &received) else { return nil } }
            var durations: [Duration] = []
            for _ in 0..<count {
                let started = clock.now
                guard child.copy(payload, into: &received) else { return nil }
                durations.append(clock.now - started)
            }
            return received == payload ? durations : nil
        }
        guard let durations = thread.join() else { throw Self.childFailed }
        return Samples(durations)
    }

    /// The failure when an echo child stops answering (also ``FloorProbe``'s).
    static var childFailed: CommandFailure {
        CommandFailure(message: "bench: the floor's echo child (plugboard bench-floor-echo) stopped answering")
    }
}
