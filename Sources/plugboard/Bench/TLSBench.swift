import Plugboard
import PlugboardContracts

#if canImport(Glibc)
import Glibc
#endif

/// `plugboard bench --tls CERTS`: what TLS costs an attached plugin. Two copies of simple-processor run with
/// `--attach DIR --tcp`, one in plain HTTP with its token and one under mutual TLS with the certificates of
/// `CERTS` (`ca.pem`, `server.pem`, `server-key.pem`, `client.pem`, `client-key.pem`: the layout of
/// Tests/Fixtures/tls); small calls are timed in alternating blocks, then attaches (a new connection, its
/// handshake and `GET /plugboard/v2/capabilities`).
struct TLSBench {
    /// The simple-processor executable.
    var plugin: String
    /// The directory holding the certificates.
    var certificates: String
    var settings: BenchSettings

    /// What was measured: per-call latency, and the time to attach, of each variant.
    struct Result {
        var plainCalls: Samples
        var tlsCalls: Samples
        var plainAttaches: Samples
        var tlsAttaches: Samples
    }

    func run() async throws -> Result {
        guard PluginTLS.isAvailable else {
            throw CommandFailure(message: "bench --tls: this plugboard was built without the package trait TLS (swift build -c release --traits default,TLS)")
        }
        let files = ["ca.pem", "server.pem", "server-key.pem", "client.pem", "client-key.pem"].map { "\(certificates)/\($0)" }
        if let missing = files.first(where: { access($0, R_OK) != 0 }) {
            throw CommandFailure(message: "bench --tls: cannot read \(missing) (the directory needs ca.pem, server.pem, server-key.pem, client.pem and client-key.pem, as Tests/Fixtures/tls has)")
        }
        let clientTLS = PluginTLS(caCertificates: [files[0]], certificateChain: files[3], privateKey: files[4])
        let plain = try await AttachedBenchPlugin.start(plugin, arguments: ["--tcp"])
        defer { plain.stop() }
        let secure = try await AttachedBenchPlugin.start(plugin, arguments: ["--tcp", "--tls-cert", files[1], "--tls-key", files[2], "--tls-client-ca", files[0]])
        defer { secure.stop() }
        var options = RegistrationOptions()
        options.healthCheckInterval = .seconds(3600)
        var tlsOptions = options
        tlsOptions.tls = clientTLS

        let request = ProcessRequest(data: Base64Bytes(stringLiteral: BenchPayload.smallText))
        let blocks = 10
        let perBlock = max(1, settings.callSamples / blocks)
        var plainCalls: [Duration] = []
        var tlsCalls: [Duration] = []
        try await PluginManager.withManager(configuration: .cli, logger: .cli(verbose: false)) { plainHost in
            try await PluginManager.withManager(configuration: .cli, logger: .cli(verbose: false)) { tlsHost in
                _ = try await plainHost.attach(manifest: try plain.manifest(), options: options)
                _ = try await tlsHost.attach(manifest: try secure.manifest(), options: tlsOptions)
                let processors = [try await plainHost.plugin(DataProcessorContract.self), try await tlsHost.plugin(DataProcessorContract.self)]
                for processor in processors {
                    for _ in 0..<settings.callWarmup { _ = try await processor.process(request) }
                }
                let clock = ContinuousClock()
                for block in 0..<(2 * blocks) {
                    let processor = processors[block % 2]
                    for _ in 0..<perBlock {
                        let started = clock.now
                        _ = try await processor.process(request)
                        if block % 2 == 0 { plainCalls.append(clock.now - started) } else { tlsCalls.append(clock.now - started) }
                    }
                }
            }
        }
        // Attaches: each one a new manager's first connection (TCP connect, the handshake, the capabilities).
        var plainAttaches: [Duration] = []
        var tlsAttaches: [Duration] = []
        let plainURL = try plain.url()
        let secureURL = try secure.url()
        let token = try plain.token()
        try await PluginManager.withManager(configuration: .cli, logger: .cli(verbose: false)) { host in
            for round in 0..<(2 * max(4, settings.startups)) {
                let started = ContinuousClock.now
                if round % 2 == 0 {
                    _ = try await host.attach(url: plainURL, name: "plain-\(round)", token: token, options: options)
                    plainAttaches.append(.now - started)
                } else {
                    _ = try await host.attach(url: secureURL, name: "tls-\(round)", tls: clientTLS, options: options)
                    tlsAttaches.append(.now - started)
                }
                await host.remove(round % 2 == 0 ? "plain-\(round)" : "tls-\(round)")
            }
        }
        return Result(plainCalls: Samples(plainCalls), tlsCalls: Samples(tlsCalls), plainAttaches: Samples(plainAttaches), tlsAttaches: Samples(tlsAttaches))
    }

    /// `bench --tls --json`: one object, microseconds for calls and milliseconds for attaches.
    static func json(_ result: Result) -> String {
        let members: [(String, Double)] = [
            ("plain_call_p50_us", result.plainCalls.percentile(50).microseconds), ("tls_call_p50_us", result.tlsCalls.percentile(50).microseconds),
            ("plain_call_p99_us", result.plainCalls.percentile(99).microseconds), ("tls_call_p99_us", result.tlsCalls.percentile(99).microseconds),
            ("plain_attach_p50_ms", result.plainAttaches.percentile(50).milliseconds), ("tls_attach_p50_ms", result.tlsAttaches.percentile(50).milliseconds),
        ]
        return "{" + members.map { "\"\($0.0)\":\(BenchReport.fixed($0.1, digits: 3))" }.joined(separator: ",") + "}"
    }

    /// The table `bench --tls` prints.
    static func table(_ result: Result) -> String {
        func row(_ name: String, _ plain: BenchDuration, _ tls: BenchDuration, unit: String, scale: (BenchDuration) -> Double) -> String {
            let difference = scale(tls) - scale(plain)
            let columns: [String] = [
                BenchReport.fixed(scale(plain), digits: 1) + " " + unit,
                BenchReport.fixed(scale(tls), digits: 1) + " " + unit,
                (difference >= 0 ? "+" : "") + BenchReport.fixed(difference, digits: 1) + " " + unit,
            ]
            return name.rightPadded(to: 36) + columns.map { $0.leftPadded(to: 13) }.joined()
        }
        return [
            "attached simple-processor on loopback TCP: plain HTTP with its token, and mutual TLS",
            "".rightPadded(to: 36) + ["plain", "TLS", "TLS costs"].map { $0.leftPadded(to: 13) }.joined(),
            row("small call p50 (\(result.plainCalls.count) each)", result.plainCalls.percentile(50), result.tlsCalls.percentile(50), unit: "µs") { $0.microseconds },
            row("small call p99", result.plainCalls.percentile(99), result.tlsCalls.percentile(99), unit: "µs") { $0.microseconds },
            row("attach p50 (connect, capabilities)", result.plainAttaches.percentile(50), result.tlsAttaches.percentile(50), unit: "ms") { $0.milliseconds },
        ].joined(separator: "\n")
    }
}
