/// Turns a run's figures into the human-readable table or the `--json` object.
struct BenchReport: Sendable {
    /// The figures.
    let figures: BenchFigures
    /// Whether the run was `--quick`.
    let quick: Bool

    /// The `--json` object: every figure and ratio as a number, in a fixed order, on one line.
    var json: String {
        let f = figures
        let fields: [(String, Double)] = [
            ("floor_p50_us", f.floorP50), ("floor_p99_us", f.floorP99),
            ("floor_throughput_8", f.floorThroughput8), ("floor_1mib_us", f.floor1MiB),
            ("call_p50_us", f.callP50), ("call_p99_us", f.callP99),
            ("call_p50_tcp_us", f.callP50TCP), ("call_p99_tcp_us", f.callP99TCP),
            ("throughput_8", f.throughput8),
            ("startup_p50_ms", f.startupP50), ("discovery_50_ms", f.discovery50),
            ("rss_idle_kb", f.rssIdle), ("internal_call_ns", f.internalCall),
            ("raw_1mib_us", f.raw1MiB), ("json_1mib_us", f.json1MiB),
            ("call_p50_ratio", f.callP50Ratio), ("call_p99_ratio", f.callP99Ratio),
            ("call_p50_tcp_ratio", f.callP50TCPRatio), ("throughput_8_ratio", f.throughput8Ratio),
            ("raw_1mib_ratio", f.raw1MiBRatio), ("json_1mib_ratio", f.json1MiBRatio),
        ]
        let body = fields.map { "\"\($0.0)\":\(Self.number($0.1))" }.joined(separator: ",")
        return "{\(body),\"quick\":\(quick)}"
    }

    /// The table, with a header line and the targets' verdicts.
    var table: String {
        let rows = self.rows.map { row in
            [row.title, row.value, row.floor ?? "", row.ratio.map { Self.fixed($0, digits: 2) + "×" } ?? "",
             row.targets.map(\.target.label).joined(separator: "; "), row.verdict]
        }
        var text = Output.table(["figure", "value", "floor", "ratio", "targets (must; aim)", "met"], rows)
        text += "\n\nfloor: a child process echoing over socketpair(AF_UNIX, SOCK_STREAM), blocking read/write on POSIX threads"
        text += "\n       (64-byte round trips: p50 \(Self.fixed(figures.floorP50, digits: 1)) µs, p99 \(Self.fixed(figures.floorP99, digits: 1)) µs)"
        if quick { text += "\n--quick: fewer samples; use the full run for figures you publish" }
        #if DEBUG
        text += "\nthis is a debug build: publish figures from `swift build -c release` (.build/release/plugboard bench)"
        #endif
        return text
    }

    /// The report's rows, with the targets.
    var rows: [BenchRow] {
        let f = figures
        func target(_ level: BenchTarget.Level, _ comparison: BenchTarget.Comparison, _ threshold: Double, _ label: String) -> BenchTarget {
            BenchTarget(level: level, comparison: comparison, threshold: threshold, label: label)
        }
        return [
            BenchRow(title: "call p50, Unix socket, 1 caller", value: Self.micro(f.callP50), floor: Self.micro(f.floorP50), ratio: f.callP50Ratio,
                     targets: [(target(.must, .atMost, 8, "≤ 8× floor"), f.callP50Ratio), (target(.aim, .atMost, 4, "≤ 4× floor"), f.callP50Ratio)]),
            BenchRow(title: "call p99, Unix socket, 1 caller", value: Self.micro(f.callP99), floor: Self.micro(f.floorP50), ratio: f.callP99Ratio,
                     targets: [(target(.aim, .atMost, 10, "≤ 10× floor p50"), f.callP99Ratio)]),
            BenchRow(title: "call p50, loopback TCP, 1 caller", value: Self.micro(f.callP50TCP), floor: Self.micro(f.floorP50), ratio: f.callP50TCPRatio, targets: []),
            BenchRow(title: "call p99, loopback TCP, 1 caller", value: Self.micro(f.callP99TCP), floor: nil, ratio: nil, targets: []),
            BenchRow(title: "throughput, 8 callers", value: Self.rate(f.throughput8, "calls/s"), floor: Self.rate(f.floorThroughput8, "trips/s"), ratio: f.throughput8Ratio,
                     targets: [(target(.must, .atLeast, 16_000, "≥ 16,000/s"), f.throughput8), (target(.aim, .atLeast, 32_000, "≥ 32,000/s"), f.throughput8)]),
            BenchRow(title: "start-up, spawn → ready, p50", value: Self.fixed(f.startupP50, digits: 2) + " ms", floor: nil, ratio: nil,
                     targets: [(target(.must, .atMost, 10, "≤ 10 ms"), f.startupP50)]),
            BenchRow(title: "discovery + capabilities of 50", value: Self.fixed(f.discovery50, digits: 0) + " ms", floor: nil, ratio: nil,
                     targets: [(target(.aim, .below, 1_000, "< 1 s"), f.discovery50)]),
            BenchRow(title: "idle RSS of simple-processor", value: Self.grouped(f.rssIdle) + " kB", floor: nil, ratio: nil,
                     targets: [(target(.must, .atMost, 20_000, "≤ 20 MB"), f.rssIdle), (target(.aim, .atMost, 8_000, "≤ 8 MB"), f.rssIdle)]),
            BenchRow(title: "internal call", value: Self.fixed(f.internalCall, digits: 0) + " ns", floor: nil, ratio: nil,
                     targets: [(target(.aim, .below, 1_000, "< 1 µs"), f.internalCall)]),
            BenchRow(title: "1 MiB raw POST /echo, p50", value: Self.micro(f.raw1MiB), floor: Self.micro(f.floor1MiB), ratio: f.raw1MiBRatio,
                     targets: [(target(.aim, .atMost, 3, "≤ 3× floor copy"), f.raw1MiBRatio)]),
            BenchRow(title: "1 MiB JSON/base64 process, p50", value: Self.micro(f.json1MiB), floor: Self.micro(f.floor1MiB), ratio: f.json1MiBRatio, targets: []),
        ]
    }

    // MARK: Formatting (no Foundation)

    /// A JSON number: integers without a fraction, others with up to three decimals.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        if value >= 100 || value == value.rounded() { return String(Int(value.rounded())) }
        return fixed(value, digits: 3)
    }

    /// `value` with exactly `digits` decimals.
    static func fixed(_ value: Double, digits: Int) -> String {
        guard value.isFinite else { return "-" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = Int((abs(value) * scale).rounded())
        let whole = scaled / Int(scale)
        let sign = value < 0 && scaled != 0 ? "-" : ""
        guard digits > 0 else { return sign + String(whole) }
        let fraction = String(scaled % Int(scale))
        return sign + String(whole) + "." + String(repeating: "0", count: digits - fraction.count) + fraction
    }

    /// Microseconds with one decimal, e.g. `61.3 µs`.
    static func micro(_ value: Double) -> String { grouped(value, digits: 1) + " µs" }

    /// A rate with thousands separators, e.g. `21,400 calls/s`.
    static func rate(_ value: Double, _ unit: String) -> String { grouped(value) + " " + unit }

    /// `value` with thousands separators and `digits` decimals.
    static func grouped(_ value: Double, digits: Int = 0) -> String {
        let text = fixed(value, digits: digits)
        let parts = text.split(separator: ".", maxSplits: 1)
        var whole = String(parts[0])
        var groups: [String] = []
        while whole.count > 3 {
            groups.insert(String(whole.suffix(3)), at: 0)
            whole.removeLast(3)
        }
        groups.insert(whole, at: 0)
        return groups.joined(separator: ",") + (parts.count > 1 ? "." + parts[1] : "")
    }
}
