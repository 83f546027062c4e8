import Logging
import Plugboard
import PlugboardContracts
import PlugboardProtocol

#if canImport(Glibc)
import Glibc
#endif

/// The figures measured through the public host API against one plugin, or against two side by side (`--compare`):
/// calls over both transports, throughput, start-up, discovery, memory, internal calls and 1 MiB bodies.
///
/// With two plugins every measurement alternates between them in the same run (blocks of calls, throughput
/// windows, single starts, discovery runs, 1 MiB exchanges), as the floor alternates with the calls, so a machine
/// whose speed drifts treats both alike.
struct HostBench {
    /// The plugins measured: the bench's own first, the one compared with second.
    let subjects: [BenchSubject]
    /// How much to measure.
    let settings: BenchSettings
    /// The host's logger (quiet unless `--verbose`).
    let logger: Logger
    /// Called with the name of each step as it starts.
    let progress: @Sendable (String) -> Void
    /// The floor's round trips, measured between blocks of calls (none for `--call-loop`).
    var floor: FloorProbe? = nil
    /// The managers' configuration: `.cli`, or with metrics and tracing for `--observed`.
    var configuration: PluginManager.Configuration = .cli
    /// What the host checks contract calls against (`--contract-validation`, for A/B runs of its cost).
    var validation: ContractValidation = RegistrationOptions().contractValidation
    /// The sandbox the plugin runs in (`--sandbox`): start-up is then spawn → sandbox → ready.
    var sandbox: SandboxPolicy = .disabled

    /// Blocks of calls (and of floor round trips between them) per latency measurement.
    private static let latencyBlocks = 10
    /// Instances started at once for the PSS-per-instance figure.
    private static let instances = 10

    private static let internalType = "bench-internal"
    private let clock = ContinuousClock()

    /// A plugin registered with a manager of its own, with its typed client and handle.
    private struct Live {
        let subject: BenchSubject
        let handle: PluginHandle
        let processor: any DataProcessor
    }

    /// Runs every host measurement, filling in each subject's figures (`figures` has one entry per subject).
    func run(into figures: inout [BenchFigures]) async throws {
        progress("calls over a Unix socket")
        try await withLive(subjects[...], transport: .unix) { live in
            let latency = try await callLatency(live)
            for (index, samples) in latency.enumerated() {
                figures[index].callP50 = samples.percentile(50).microseconds
                figures[index].callP99 = samples.percentile(99).microseconds
            }

            progress("throughput with 8 callers")
            for (index, rate) in try await callThroughput(live, callers: 8).enumerated() { figures[index].throughput8 = rate }

            progress("1 MiB through POST /echo and through process")
            for (index, samples) in try await rawEcho(live).enumerated() {
                figures[index].raw1MiB = samples?.percentile(50).microseconds
                if samples == nil { figures[index].skipped.append("\(live[index].subject.label) serves no POST /echo: the raw 1 MiB figure is skipped") }
            }
            for (index, outcome) in try await jsonBulk(live).enumerated() {
                switch outcome {
                case .success(let samples): figures[index].json1MiB = samples.percentile(50).microseconds
                case .failure(let error):
                    figures[index].json1MiB = nil
                    figures[index].skipped.append("\(live[index].subject.label) refused 1 MiB through process (\(error.message)): the JSON 1 MiB figure is skipped")
                }
            }
        }

        progress("internal calls")
        try await PluginManager.withManager(configuration: configuration, logger: logger) { manager in
            try await manager.register(DataProcessorContract.self, type: Self.internalType, name: "bench-internal", service: BenchProcessor())
            let builtin = try await manager.plugin(DataProcessorContract.self, type: Self.internalType)
            figures[0].internalCall = try await internalCall(builtin)
        }

        progress("calls over loopback TCP")
        try await withLive(subjects[...], transport: .tcp) { live in
            for (index, samples) in try await callLatency(live).enumerated() {
                figures[index].callP50TCP = samples.percentile(50).microseconds
                figures[index].callP99TCP = samples.percentile(99).microseconds
            }
        }

        progress("start-up and idle memory")
        try await withLive(subjects[...], transport: .unix, lazy: true) { live in
            for (index, samples) in try await startups(live).enumerated() { figures[index].startupP50 = samples.percentile(50).milliseconds }
            for (index, memory) in try await idleMemory(live).enumerated() {
                figures[index].rssIdle = memory.resident
                figures[index].pssIdle = memory.proportional
                figures[index].privateDirtyIdle = memory.privateDirty
                figures[index].anonymousIdle = memory.anonymous
            }
        }

        progress("memory of \(Self.instances) instances")
        for (index, subject) in subjects.enumerated() {
            let copies = Array(repeating: subject, count: Self.instances)
            try await withLive(copies[...], transport: .unix) { live in
                figures[index].pssPerInstance10 = try await idleMemory(live).reduce(0) { $0 + $1.proportional } / Double(Self.instances)
            }
        }

        progress("discovery of 50 plugins")
        for (index, samples) in try await discovery(subjects, count: 50).enumerated() { figures[index].discovery50 = samples.percentile(50).milliseconds }
    }

    /// For profilers: small `process` calls from `callers` tasks for `duration` to the last subject (the compared
    /// plugin when there is one) over `transport`, nothing else. Says the host's and the plugin's pids on stderr first, and returns
    /// the number of calls and, with one caller, each call's duration (for the shape of the tail).
    func callLoop(for duration: Duration, callers: Int, transport: TransportPreference = .unix) async throws -> (calls: Int, latency: Samples?) {
        var result: (calls: Int, latency: Samples?) = (0, nil)
        try await withLive(subjects.suffix(1), transport: transport) { live in
            let processor = live[0].processor
            Output.write(2, "bench: host pid \(getpid()), plugin pid \(live[0].handle.status.pid.map(String.init) ?? "?"); calling for \(duration)\n")
            let request = ProcessRequest(data: Base64Bytes(stringLiteral: BenchPayload.smallText))
            let end = clock.now + duration
            if callers == 1 {
                var durations: [Duration] = []
                durations.reserveCapacity(1 << 20)
                while true {
                    let started = clock.now
                    guard started < end else { break }
                    _ = try await processor.process(request)
                    durations.append(clock.now - started)
                }
                result = (durations.count, Samples(durations))
                return
            }
            result.calls = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<callers {
                    group.addTask {
                        var count = 0
                        while ContinuousClock.now < end {
                            _ = try await processor.process(request)
                            count += 1
                        }
                        return count
                    }
                }
                return try await group.reduce(0, +)
            }
        }
        return result
    }

    /// For A/B runs and profilers: `rounds` starts of each subject in turns (spawn → ready, stopped after each),
    /// nothing else.
    func startupLoop(_ rounds: Int) async throws -> [Samples] {
        var samples: [Samples] = []
        try await withLive(subjects[...], transport: .unix, lazy: true) { live in samples = try await startups(live, rounds: rounds) }
        return samples
    }

    /// For A/B runs and profilers: `rounds` discoveries of 50 links to each subject in turns, nothing else.
    func discoveryLoop(_ rounds: Int) async throws -> [Samples] {
        try await discovery(subjects, count: 50, rounds: rounds)
    }

    // MARK: Host set-up

    /// Registers each subject with a manager of its own (two plugins serving the same type cannot share one) from a
    /// temporary directory holding a link to it, and runs `body` with all of them; unless `lazy`, each is started.
    private func withLive(
        _ subjects: ArraySlice<BenchSubject>,
        transport: TransportPreference,
        lazy: Bool = false,
        started live: [Live] = [],
        _ body: ([Live]) async throws -> Void
    ) async throws {
        guard let subject = subjects.first else {
            try await body(live)
            return
        }
        // A name of its own per copy: a v1 plugin's socket file is named after it, and ten copies run at once.
        let directory = try BenchDirectory(linking: subject.path, as: ["\(subject.label.replacingDots())-\(live.count + 1)"])
        defer { directory.remove() }
        try await PluginManager.withManager(configuration: configuration, logger: logger) { manager in
            var options = RegistrationOptions(transport: transport, lazy: lazy, contractValidation: validation)
            options.sandbox = sandbox
            let report = try await manager.registerPlugins(in: directory.path, options: options)
            if let failure = report.failures.first {
                throw CommandFailure(message: "bench: \(subject.label) did not register or start: \(failure)")
            }
            guard !report.registered.isEmpty else {
                throw CommandFailure(message: "bench: \(subject.path) was not found as a plugin (discovery skipped the link to it in \(directory.path))")
            }
            let handle = try await manager.handle(serving: DataProcessorContract.name, type: subject.type)
            let processor = try await manager.plugin(DataProcessorContract.self, type: subject.type)
            try await withLive(subjects.dropFirst(), transport: transport, lazy: lazy, started: live + [Live(subject: subject, handle: handle, processor: processor)], body)
        }
    }

    /// The order in which the subjects take their turn in round `round`: reversed every other round, so neither
    /// always goes first.
    private static func order(_ count: Int, round: Int) -> [Int] {
        round % 2 == 0 ? Array(0..<count) : Array((0..<count).reversed())
    }

    // MARK: Measurements

    /// Times small `process` calls one after another, in blocks that alternate between the subjects and the floor.
    private func callLatency(_ live: [Live]) async throws -> [Samples] {
        let request = ProcessRequest(data: Base64Bytes(stringLiteral: BenchPayload.smallText))
        for one in live {
            for _ in 0..<settings.callWarmup { _ = try await one.processor.process(request) }
        }
        var durations = Array(repeating: [Duration](), count: live.count)
        for index in live.indices { durations[index].reserveCapacity(settings.callSamples) }
        let blocks = Self.latencyBlocks
        for block in 0..<blocks {
            // Blocks of calls alternate with blocks of floor round trips, so both see the same stretches of time.
            let calls = settings.callSamples / blocks + (block < settings.callSamples % blocks ? 1 : 0)
            for index in Self.order(live.count, round: block) {
                let processor = live[index].processor
                for _ in 0..<calls {
                    let started = clock.now
                    _ = try await processor.process(request)
                    durations[index].append(clock.now - started)
                }
            }
            try floor?.measure(settings.floorSamples / (2 * blocks))
        }
        return durations.map(Samples.init)
    }

    /// Counts the calls `callers` concurrent tasks complete inside measuring windows, per second: one window for a
    /// single subject; for two, two half-length windows each, taken in turns (A B B A).
    private func callThroughput(_ live: [Live], callers: Int) async throws -> [Double] {
        let request = ProcessRequest(data: Base64Bytes(stringLiteral: BenchPayload.smallText))
        let rounds = live.count == 1 ? 1 : 2
        let length = settings.throughputWindow / rounds
        var totals = Array(repeating: 0, count: live.count)
        for round in 0..<rounds {
            for index in Self.order(live.count, round: round) {
                let processor = live[index].processor
                let window = BenchWindow(warmup: .milliseconds(200), length: length)
                totals[index] += try await withThrowingTaskGroup(of: Int.self) { group in
                    for _ in 0..<callers {
                        group.addTask {
                            var counted = 0
                            while true {
                                _ = try await processor.process(request)
                                switch window.classify(.now) {
                                case .before: continue
                                case .inside: counted += 1
                                case .after: return counted
                                }
                            }
                        }
                    }
                    return try await group.reduce(0, +)
                }
            }
        }
        return totals.map { Double($0) / BenchDuration(settings.throughputWindow).seconds }
    }

    /// Times 1 MiB round trips through each plugin's raw `POST /echo`, alternating; nil for a plugin without one.
    private func rawEcho(_ live: [Live]) async throws -> [Samples?] {
        let payload = BenchPayload.mebibyte
        func exchange(_ handle: PluginHandle) async throws -> Duration {
            let started = clock.now
            let response = try await handle.send(.post, "/echo", body: payload)
            let elapsed = clock.now - started
            guard response.status == 200, response.body.count == payload.count else {
                throw CommandFailure(message: "bench: POST /echo of \(handle.name) answered \(response.status) with \(response.body.count) bytes for \(payload.count)")
            }
            return elapsed
        }
        var serving: [Int] = []
        for (index, one) in live.enumerated() {
            let probe = try await one.handle.send(.post, "/echo", body: [0x61])
            if probe.status != 404 && probe.status != 405 { serving.append(index) }
        }
        for index in serving {
            for _ in 0..<settings.bulkWarmup { _ = try await exchange(live[index].handle) }
        }
        var durations = Array(repeating: [Duration](), count: live.count)
        for sample in 0..<settings.bulkSamples {
            for index in Self.order(serving.count, round: sample).map({ serving[$0] }) {
                durations[index].append(try await exchange(live[index].handle))
            }
        }
        return live.indices.map { serving.contains($0) ? Samples(durations[$0]) : nil }
    }

    /// Times 1 MiB round trips through the JSON/base64 `process` call, alternating; a failure for a plugin that
    /// refuses the first one.
    private func jsonBulk(_ live: [Live]) async throws -> [Result<Samples, CommandFailure>] {
        let request = ProcessRequest(data: Base64Bytes(BenchPayload.mebibyte))
        func exchange(_ processor: any DataProcessor) async throws -> Duration {
            let started = clock.now
            let response = try await processor.process(request)
            let elapsed = clock.now - started
            guard !response.data.bytes.isEmpty else {
                throw CommandFailure(message: "bench: process answered no bytes for 1 MiB")
            }
            return elapsed
        }
        var refused: [Int: CommandFailure] = [:]
        for (index, one) in live.enumerated() {
            do {
                for _ in 0..<min(settings.bulkWarmup, 3) { _ = try await exchange(one.processor) }
            } catch {
                refused[index] = CommandFailure(message: "\(error)")
            }
        }
        let serving = live.indices.filter { refused[$0] == nil }
        var durations = Array(repeating: [Duration](), count: live.count)
        for sample in 0..<settings.jsonBulkSamples {
            for index in Self.order(serving.count, round: sample).map({ serving[$0] }) {
                durations[index].append(try await exchange(live[index].processor))
            }
        }
        return live.indices.map { index in refused[index].map { .failure($0) } ?? .success(Samples(durations[index])) }
    }

    /// The mean time of one internal `process` call, in nanoseconds.
    private func internalCall(_ processor: any DataProcessor) async throws -> Double {
        let request = ProcessRequest(data: Base64Bytes(stringLiteral: BenchPayload.smallText))
        var bytes = 0
        for _ in 0..<min(settings.internalCalls, 10_000) { bytes &+= try await processor.process(request).data.bytes.count }
        let started = clock.now
        for _ in 0..<settings.internalCalls { bytes &+= try await processor.process(request).data.bytes.count }
        let elapsed = clock.now - started
        guard bytes > 0 else { throw CommandFailure(message: "bench: the internal plugin answered nothing") }
        return BenchDuration(elapsed).nanoseconds / Double(settings.internalCalls)
    }

    /// Times `start()` (spawn → location line → healthy) of each stopped plugin in turns, stopping it after each.
    private func startups(_ live: [Live], rounds: Int? = nil) async throws -> [Samples] {
        for one in live {
            try await one.handle.start()
            await one.handle.stop()
        }
        var durations = Array(repeating: [Duration](), count: live.count)
        for round in 0..<(rounds ?? settings.startups) {
            for index in Self.order(live.count, round: round) {
                let started = clock.now
                try await live[index].handle.start()
                durations[index].append(clock.now - started)
                await live[index].handle.stop()
            }
        }
        return durations.map(Samples.init)
    }

    /// Starts each plugin (its file evicted from the page cache first), makes a few calls, pauses, and reads each
    /// one's memory.
    private func idleMemory(_ live: [Live]) async throws -> [ProcessMemory] {
        let request = ProcessRequest(data: Base64Bytes(stringLiteral: BenchPayload.smallText))
        for one in live { one.subject.evictFromPageCache() }
        for one in live {
            try await one.handle.start()
            for _ in 0..<settings.rssCalls { _ = try await one.processor.process(request) }
        }
        try await Task.sleep(for: settings.rssSettle)
        return try live.map { one in
            guard let pid = one.handle.status.pid, let memory = ProcessMemory.of(pid: pid) else {
                throw CommandFailure(message: "bench: cannot read the memory of \(one.subject.label) from /proc/\(one.handle.status.pid.map(String.init) ?? "?")/smaps_rollup")
            }
            return memory
        }
    }

    /// Times `Discovery.probe(directory:)` (list, then `capabilities` of each plugin in parallel) over `count`
    /// links to each subject, the subjects' runs in turns.
    private func discovery(_ subjects: [BenchSubject], count: Int, rounds: Int? = nil) async throws -> [Samples] {
        let directories = try subjects.map { try BenchDirectory(linking: $0.path, as: (1...count).map { "bench-plugin-\($0)" }) }
        defer { directories.forEach { $0.remove() } }
        var durations = Array(repeating: [Duration](), count: subjects.count)
        for round in 0..<(rounds ?? settings.discoveries) {
            for index in Self.order(subjects.count, round: round) {
                let started = clock.now
                let found = try await Discovery.probe(directory: directories[index].path)
                durations[index].append(clock.now - started)
                let failed = found.filter { $0.error != nil || $0.capabilities == nil }
                guard found.count == count, failed.isEmpty else {
                    throw CommandFailure(message: "bench: discovery of \(subjects[index].label) found \(found.count) plugins of \(count), \(failed.count) failed"
                        + (failed.first?.error.map { ": \($0)" } ?? ""))
                }
            }
        }
        return durations.map(Samples.init)
    }
}

private extension String {
    /// The name with `.` replaced by `-`: discovery skips file names with a dot.
    func replacingDots() -> String { String(map { $0 == "." ? "-" : $0 }) }
}
