import Logging
import Plugboard
import PlugboardContracts
import PlugboardProtocol

#if canImport(Glibc)
import Glibc
#endif

/// The figures measured through the public host API against the example simple-processor: calls over both
/// transports, throughput, start-up, discovery, idle RSS, internal calls and 1 MiB bodies.
struct HostBench {
    /// The built simple-processor executable.
    let plugin: String
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

    /// Blocks of calls (and of floor round trips between them) per latency measurement.
    private static let latencyBlocks = 10

    private static let processorType = "uppercase"
    private static let internalType = "bench-internal"
    private let clock = ContinuousClock()

    /// Runs every host measurement, filling in the host's figures.
    func run(into figures: inout BenchFigures) async throws {
        let single = try BenchDirectory(linking: plugin, as: ["simple-processor"])
        defer { single.remove() }

        progress("calls over a Unix socket")
        try await withPlugin(in: single.path, transport: .unix) { manager in
            let processor = try await manager.plugin(DataProcessorContract.self, type: Self.processorType)
            let latency = try await callLatency(processor)
            figures.callP50 = latency.percentile(50).microseconds
            figures.callP99 = latency.percentile(99).microseconds

            progress("throughput with 8 callers")
            figures.throughput8 = try await callThroughput(processor, callers: 8)

            progress("1 MiB through POST /echo and through process")
            let handle = try await manager.handle(named: "simple-processor")
            figures.raw1MiB = try await rawEcho(handle).percentile(50).microseconds
            figures.json1MiB = try await jsonBulk(processor).percentile(50).microseconds

            progress("internal calls")
            try await manager.register(DataProcessorContract.self, type: Self.internalType, name: "bench-internal", service: BenchProcessor())
            let builtin = try await manager.plugin(DataProcessorContract.self, type: Self.internalType)
            figures.internalCall = try await internalCall(builtin)
        }

        progress("calls over loopback TCP")
        try await withPlugin(in: single.path, transport: .tcp) { manager in
            let processor = try await manager.plugin(DataProcessorContract.self, type: Self.processorType)
            let latency = try await callLatency(processor)
            figures.callP50TCP = latency.percentile(50).microseconds
            figures.callP99TCP = latency.percentile(99).microseconds
        }

        progress("start-up and idle RSS")
        try await withPlugin(in: single.path, transport: .unix, lazy: true) { manager in
            let handle = try await manager.handle(named: "simple-processor")
            figures.startupP50 = try await startups(handle).percentile(50).milliseconds
            let processor = try await manager.plugin(DataProcessorContract.self, type: Self.processorType)
            figures.rssIdle = Double(try await idleResidentKilobytes(handle, processor: processor))
        }

        progress("discovery of 50 plugins")
        let fifty = try BenchDirectory(linking: plugin, as: (1...50).map { "bench-plugin-\($0)" })
        defer { fifty.remove() }
        figures.discovery50 = try await discovery(of: fifty.path, expecting: 50).percentile(50).milliseconds
    }

    /// For profilers: small `process` calls from `callers` tasks for `duration`, nothing else. Says the host's and
    /// the plugin's pids on stderr first, and returns the number of calls.
    func callLoop(for duration: Duration, callers: Int) async throws -> Int {
        let single = try BenchDirectory(linking: plugin, as: ["simple-processor"])
        defer { single.remove() }
        var calls = 0
        try await withPlugin(in: single.path, transport: .unix) { manager in
            let processor = try await manager.plugin(DataProcessorContract.self, type: Self.processorType)
            let handle = try await manager.handle(named: "simple-processor")
            Output.write(2, "bench: host pid \(getpid()), plugin pid \(handle.status.pid.map(String.init) ?? "?"); calling for \(duration)\n")
            let request = ProcessRequest(data: Base64Bytes(stringLiteral: BenchPayload.smallText))
            let end = clock.now + duration
            calls = try await withThrowingTaskGroup(of: Int.self) { group in
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
        return calls
    }

    // MARK: Host set-up

    /// Runs `body` with a manager that has registered (and, unless `lazy`, started) the plugins in `directory`.
    private func withPlugin(
        in directory: String,
        transport: TransportPreference,
        lazy: Bool = false,
        _ body: (PluginManager) async throws -> Void
    ) async throws {
        try await PluginManager.withManager(configuration: configuration, logger: logger) { manager in
            let report = try await manager.registerPlugins(in: directory, options: RegistrationOptions(transport: transport, lazy: lazy, contractValidation: validation))
            if let failure = report.failures.first {
                throw CommandFailure(message: "bench: simple-processor did not register or start: \(failure)")
            }
            try await body(manager)
        }
    }

    // MARK: Measurements

    /// Times small `process` calls one after another.
    private func callLatency(_ processor: any DataProcessor) async throws -> Samples {
        let request = ProcessRequest(data: Base64Bytes(stringLiteral: BenchPayload.smallText))
        for _ in 0..<settings.callWarmup { _ = try await processor.process(request) }
        var durations: [Duration] = []
        durations.reserveCapacity(settings.callSamples)
        let blocks = Self.latencyBlocks
        for block in 0..<blocks {
            // Blocks of calls alternate with blocks of floor round trips, so both see the same stretches of time.
            let calls = settings.callSamples / blocks + (block < settings.callSamples % blocks ? 1 : 0)
            for _ in 0..<calls {
                let started = clock.now
                let response = try await processor.process(request)
                durations.append(clock.now - started)
                guard response.data.bytes.count == BenchPayload.smallText.utf8.count else {
                    throw CommandFailure(message: "bench: process answered \(response.data.bytes.count) bytes for \(BenchPayload.smallText.utf8.count)")
                }
            }
            try floor?.measure(settings.floorSamples / (2 * blocks))
        }
        return Samples(durations)
    }

    /// Counts the calls `callers` concurrent tasks complete inside the measuring window, per second.
    private func callThroughput(_ processor: any DataProcessor, callers: Int) async throws -> Double {
        let request = ProcessRequest(data: Base64Bytes(stringLiteral: BenchPayload.smallText))
        let window = BenchWindow(warmup: .milliseconds(200), length: settings.throughputWindow)
        let total = try await withThrowingTaskGroup(of: Int.self) { group in
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
        return Double(total) / BenchDuration(window.length).seconds
    }

    /// Times 1 MiB round trips through the plugin's raw `POST /echo`.
    private func rawEcho(_ handle: PluginHandle) async throws -> Samples {
        let payload = BenchPayload.mebibyte
        func exchange() async throws -> Duration {
            let started = clock.now
            let response = try await handle.send(.post, "/echo", body: payload)
            let elapsed = clock.now - started
            guard response.status == 200, response.body.count == payload.count else {
                throw CommandFailure(message: "bench: POST /echo answered \(response.status) with \(response.body.count) bytes for \(payload.count)")
            }
            return elapsed
        }
        for _ in 0..<settings.bulkWarmup { _ = try await exchange() }
        var durations: [Duration] = []
        for _ in 0..<settings.bulkSamples { durations.append(try await exchange()) }
        return Samples(durations)
    }

    /// Times 1 MiB round trips through the JSON/base64 `process` call.
    private func jsonBulk(_ processor: any DataProcessor) async throws -> Samples {
        let request = ProcessRequest(data: Base64Bytes(BenchPayload.mebibyte))
        func exchange() async throws -> Duration {
            let started = clock.now
            let response = try await processor.process(request)
            let elapsed = clock.now - started
            guard response.data.bytes.count == BenchPayload.mebibyte.count else {
                throw CommandFailure(message: "bench: process answered \(response.data.bytes.count) bytes for 1 MiB")
            }
            return elapsed
        }
        for _ in 0..<min(settings.bulkWarmup, 3) { _ = try await exchange() }
        var durations: [Duration] = []
        for _ in 0..<settings.jsonBulkSamples { durations.append(try await exchange()) }
        return Samples(durations)
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

    /// Times `start()` (spawn → location line → healthy) of a stopped plugin, stopping it after each.
    private func startups(_ handle: PluginHandle) async throws -> Samples {
        try await handle.start()
        await handle.stop()
        var durations: [Duration] = []
        for _ in 0..<settings.startups {
            let started = clock.now
            try await handle.start()
            durations.append(clock.now - started)
            await handle.stop()
        }
        return Samples(durations)
    }

    /// Starts the plugin, makes a few calls, pauses, and reads its VmRSS.
    private func idleResidentKilobytes(_ handle: PluginHandle, processor: any DataProcessor) async throws -> Int {
        try await handle.start()
        let request = ProcessRequest(data: Base64Bytes(stringLiteral: BenchPayload.smallText))
        for _ in 0..<settings.rssCalls { _ = try await processor.process(request) }
        try await Task.sleep(for: settings.rssSettle)
        guard let pid = handle.status.pid, let kilobytes = ProcessMemory.residentKilobytes(of: pid) else {
            throw CommandFailure(message: "bench: cannot read the plugin's VmRSS from /proc (pid \(handle.status.pid.map(String.init) ?? "unknown"))")
        }
        return kilobytes
    }

    /// Times `Discovery.probe(directory:)` (list, then `capabilities` of each plugin in parallel).
    private func discovery(of directory: String, expecting count: Int) async throws -> Samples {
        var durations: [Duration] = []
        for _ in 0..<settings.discoveries {
            let started = clock.now
            let found = try await Discovery.probe(directory: directory)
            durations.append(clock.now - started)
            let failed = found.filter { $0.error != nil || $0.capabilities == nil }
            guard found.count == count, failed.isEmpty else {
                throw CommandFailure(message: "bench: discovery found \(found.count) plugins of \(count), \(failed.count) failed"
                    + (failed.first?.error.map { ": \($0)" } ?? ""))
            }
        }
        return Samples(durations)
    }
}
