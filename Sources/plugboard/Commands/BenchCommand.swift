import ArgumentParser
import Plugboard

#if canImport(Glibc)
import Glibc
#endif

/// `plugboard bench`: end-to-end performance figures against the example plugin, with the machine's floor
/// measured in the same run (issue #6).
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure call latency, throughput, start-up, discovery, memory and bulk transfer against the floor.",
        discussion: """
            Runs the example simple-processor (built beside this executable, or in --plugins DIR) through the public \
            host API and compares each figure with the floor: a child process echoing bytes over a Unix socket pair, \
            driven with blocking reads and writes from dedicated threads, measured in the same run. Prints a table, \
            or one JSON object with --json. The full run takes about 35 seconds on 2 cores; --quick under 10. \
            Publish figures from a release build: swift build -c release && .build/release/plugboard bench. \
            --compare PLUGIN measures another plugin that serves dataProcessor (an executable, or a directory holding \
            one) in the same run, in turns with simple-processor, and prints both columns and which one leads; \
            Benchmarks/go-reference/build.sh builds a reference plugin on Go's net/http to compare with.
            """
    )

    @Flag(help: "Fewer samples: finishes within 30 seconds.")
    var quick = false

    @Flag(help: "Print one JSON object with every figure and ratio instead of the table.")
    var json = false

    @Option(help: "The directory holding the built simple-processor (default: beside this executable).")
    var plugins: String?

    @Option(help: ArgumentHelp("Measure this plugin (an executable, or a directory holding one) side by side with simple-processor; it must serve dataProcessor.", valueName: "dir-or-plugin"))
    var compare: String?

    @OptionGroup var sandbox: SandboxOptions

    @Flag(help: "Show the plugins' and the host's logs on stderr.")
    var verbose = false

    @Flag(help: "Report metrics and call spans to an in-process backend and tracer (docs/PERFORMANCE.md prices them).")
    var observed = false

    @Option(name: .customLong("call-loop"), help: ArgumentHelp("Only make small calls for SECONDS (for profilers; to the --compare plugin when given).", visibility: .hidden))
    var callLoop: Double?

    @Option(help: ArgumentHelp("Concurrent callers for --call-loop.", visibility: .hidden))
    var callers = 1

    @Option(name: .customLong("call-transport"), help: ArgumentHelp("unix or tcp, for --call-loop.", visibility: .hidden))
    var callTransport: TransportPreference = .unix

    @Option(name: .customLong("startup-loop"), help: ArgumentHelp("Only time COUNT starts (spawn → ready) of each plugin, in turns (for A/B runs and profilers).", visibility: .hidden))
    var startupLoop: Int?

    @Option(name: .customLong("discovery-loop"), help: ArgumentHelp("Only time COUNT discoveries of 50 links to each plugin, in turns.", visibility: .hidden))
    var discoveryLoop: Int?

    @Option(name: .customLong("tls"), help: ArgumentHelp("Only compare calls and attaches of simple-processor attached in plain HTTP and under mutual TLS, with the certificates of DIR (ca.pem, server.pem, server-key.pem, client.pem, client-key.pem, as in Tests/Fixtures/tls); needs a build with the TLS trait.", valueName: "certificates-dir"))
    var tlsCertificates: String?

    @Option(name: .customLong("contract-validation"), help: ArgumentHelp("off, requests or requestsAndResponses (for A/B runs of its cost).", visibility: .hidden))
    var validation: ContractValidation = RegistrationOptions().contractValidation

    func run() async throws {
        let executable = Self.currentExecutable()
        let directory = plugins ?? String(executable[..<(executable.lastIndex(of: "/") ?? executable.endIndex)])
        guard access("\(directory)/simple-processor", X_OK) == 0, let resolved = realpath("\(directory)/simple-processor", nil) else {
            throw CommandFailure(message: "bench needs the example plugin simple-processor, which is not built in \(directory): "
                + "run `swift build -c release` (or `swift build`) first, or pass --plugins DIR")
        }
        // Absolute: the bench links the plugin into temporary directories, where a relative link would dangle
        // (`--plugins .build/debug` made discovery find none of its 50 links).
        let plugin = String(cString: resolved)
        free(resolved)
        let settings: BenchSettings = quick ? .quick : .full
        var subjects = [BenchSubject.simpleProcessor(at: plugin)]
        if let compare { subjects.append(try await BenchSubject.resolve(compare)) }
        if let callLoop {
            let host = HostBench(
                subjects: subjects, settings: settings, logger: .cli(verbose: verbose), progress: { _ in },
                configuration: observed ? BenchObservability.configuration : .cli, validation: validation
            )
            let (calls, latency) = try await host.callLoop(for: .milliseconds(Int(callLoop * 1000)), callers: max(1, callers), transport: callTransport)
            Output.line("\(calls) calls in \(callLoop) s: \(BenchReport.grouped(Double(calls) / callLoop)) calls/s")
            if let latency {
                let points: [(String, Double)] = [("p50", 50), ("p90", 90), ("p99", 99), ("p99.9", 99.9), ("p99.99", 99.99), ("max", 100)]
                Output.line(points.map { "\($0.0) \(BenchReport.micro(latency.percentile($0.1).microseconds))" }.joined(separator: ", "))
            }
            return
        }
        if let tlsCertificates {
            let result = try await TLSBench(plugin: plugin, certificates: tlsCertificates, settings: settings).run()
            Output.line(json ? TLSBench.json(result) : TLSBench.table(result))
            return
        }
        if startupLoop != nil || discoveryLoop != nil {
            var host = HostBench(
                subjects: subjects, settings: settings, logger: .cli(verbose: verbose), progress: { _ in },
                configuration: observed ? BenchObservability.configuration : .cli, validation: validation
            )
            host.sandbox = try sandbox.policy()
            let what = startupLoop != nil ? "start-up" : "discovery of 50"
            let runs = if let startupLoop { try await host.startupLoop(startupLoop) } else { try await host.discoveryLoop(discoveryLoop ?? 1) }
            for (subject, samples) in zip(subjects, runs) {
                let points: [(String, Double)] = [("min", 0), ("p50", 50), ("p90", 90), ("max", 100)]
                Output.line("\(subject.label) \(what), \(samples.count) runs: "
                    + points.map { "\($0.0) \(BenchReport.fixed(samples.percentile($0.1).milliseconds, digits: 2)) ms" }.joined(separator: ", "))
            }
            return
        }
        let started = ContinuousClock.now
        let progress: @Sendable (String) -> Void = { step in
            guard Output.isTerminal else { return }
            Output.write(2, "\r\u{1B}[Kbench: \(step)…")
        }

        var figures = Array(repeating: BenchFigures(), count: subjects.count)
        progress("floor (socket pair echo)")
        let floor = try FloorBench(executable: executable, settings: settings).run()
        figures[0].floorThroughput8 = floor.throughput8
        figures[0].floor1MiB = floor.copy1MiB.percentile(50).microseconds
        // The floor's round trips are measured in blocks between the blocks of calls they are compared with.
        let probe = try FloorProbe(executable: executable, warmup: settings.floorWarmup)
        defer { probe.finish() }

        var bench = HostBench(
            subjects: subjects, settings: settings, logger: .cli(verbose: verbose), progress: progress, floor: probe,
            configuration: observed ? BenchObservability.configuration : .cli, validation: validation
        )
        bench.sandbox = try sandbox.policy()
        try await bench.run(into: &figures)
        let roundTrips = probe.roundTrips
        figures[0].floorP50 = roundTrips.percentile(50).microseconds
        figures[0].floorP99 = roundTrips.percentile(99).microseconds
        for index in figures.indices.dropFirst() { figures[index].takeFloor(from: figures[0]) }
        if Output.isTerminal { Output.write(2, "\r\u{1B}[K") }

        var report = BenchReport(figures: figures[0], quick: quick)
        if figures.count > 1 {
            // Two plugins of the same file name still get two columns.
            let other = subjects[1].label == subjects[0].label ? subjects[1].label + " (compared)" : subjects[1].label
            report.comparison = (label: other, figures: figures[1])
        }
        if json {
            Output.line(report.json)
        } else {
            Output.line(report.table)
            Output.line("measured in \(BenchReport.fixed(BenchDuration(ContinuousClock.now - started).seconds, digits: 1)) s")
        }
    }

    /// The path of this executable, from `/proc/self/exe`.
    static func currentExecutable() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return CommandLine.arguments[0] }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
