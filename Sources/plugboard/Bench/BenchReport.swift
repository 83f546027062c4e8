import PlugboardProtocol

/// Turns a run's figures into the human-readable table or the `--json` object.
struct BenchReport: Sendable {
    /// The figures of the bench's own plugin.
    let figures: BenchFigures
    /// Whether the run was `--quick`.
    let quick: Bool
    /// With `--compare`: the other plugin's name and figures, measured in the same run.
    var comparison: (label: String, figures: BenchFigures)? = nil
    /// How the report names the bench's own plugin.
    var label = "simple-processor"

    /// The `--json` object: every figure and ratio as a number, in a fixed order, on one line. With `--compare`,
    /// `compare_plugin` and a `compare` object with the other plugin's figures under the same keys; a skipped
    /// figure is `null`.
    var json: String {
        var body = Self.fields(figures)
        if let comparison {
            body += ",\"compare_plugin\":\(Self.quoted(comparison.label)),\"compare\":{\(Self.fields(comparison.figures))}"
        }
        let skipped = (figures.skipped + (comparison?.figures.skipped ?? [])).map(Self.quoted).joined(separator: ",")
        return "{\(body),\"skipped\":[\(skipped)],\"quick\":\(quick)}"
    }

    private static func fields(_ f: BenchFigures) -> String {
        let fields: [(String, Double?)] = [
            ("floor_p50_us", f.floorP50), ("floor_p99_us", f.floorP99),
            ("floor_throughput_8", f.floorThroughput8), ("floor_1mib_us", f.floor1MiB),
            ("call_p50_us", f.callP50), ("call_p99_us", f.callP99),
            ("call_p50_tcp_us", f.callP50TCP), ("call_p99_tcp_us", f.callP99TCP),
            ("throughput_8", f.throughput8),
            ("startup_p50_ms", f.startupP50), ("discovery_50_ms", f.discovery50),
            ("rss_idle_kb", f.rssIdle), ("pss_idle_kb", f.pssIdle), ("private_dirty_idle_kb", f.privateDirtyIdle),
            ("anonymous_idle_kb", f.anonymousIdle), ("pss_per_instance_10_kb", f.pssPerInstance10),
            ("internal_call_ns", f.internalCall),
            ("raw_1mib_us", f.raw1MiB), ("json_1mib_us", f.json1MiB),
            ("call_p50_ratio", f.callP50Ratio), ("call_p99_ratio", f.callP99Ratio),
            ("call_p50_tcp_ratio", f.callP50TCPRatio), ("throughput_8_ratio", f.throughput8Ratio),
            ("raw_1mib_ratio", f.raw1MiBRatio), ("json_1mib_ratio", f.json1MiBRatio),
        ]
        return fields.map { "\"\($0.0)\":\($0.1.map(Self.number) ?? "null")" }.joined(separator: ",")
    }

    /// The table, with a header line and the targets' verdicts; with `--compare`, the two plugins' columns and
    /// which one leads each figure, by how much.
    var table: String {
        var text: String
        if let comparison {
            let theirs = Self.rows(comparison.figures)
            let rows = zip(Self.rows(figures), theirs).map { mine, theirs in
                [mine.title, mine.value, theirs.value, Self.leadText(mine.lead(over: theirs), mine: label, theirs: comparison.label),
                 mine.floor ?? "", mine.ratio.map { Self.fixed($0, digits: 2) + "×" } ?? "", mine.verdict]
            }
            text = Output.table(["figure", label, comparison.label, "lead", "floor", "\(label) ÷ floor", "met (\(label))"], rows)
        } else {
            let rows = Self.rows(figures).map { row in
                [row.title, row.value, row.floor ?? "", row.ratio.map { Self.fixed($0, digits: 2) + "×" } ?? "",
                 row.targets.map(\.target.label).joined(separator: "; "), row.verdict]
            }
            text = Output.table(["figure", "value", "floor", "ratio", "targets (must; aim)", "met"], rows)
        }
        text += "\n\nfloor: a child process echoing over socketpair(AF_UNIX, SOCK_STREAM), blocking read/write on POSIX threads"
        text += "\n       (64-byte round trips: p50 \(Self.fixed(figures.floorP50, digits: 1)) µs, p99 \(Self.fixed(figures.floorP99, digits: 1)) µs)"
        if comparison != nil {
            text += "\nlead: how many times better the leading plugin's figure is (lower times and memory, higher rates);"
            text += "\n      the two plugins are measured in the same run, in turns"
        }
        for reason in figures.skipped + (comparison?.figures.skipped ?? []) { text += "\nskipped: \(reason)" }
        if quick { text += "\n--quick: fewer samples; use the full run for figures you publish" }
        #if DEBUG
        text += "\nthis is a debug build: publish figures from `swift build -c release` (.build/release/plugboard bench)"
        #endif
        return text
    }

    /// `1.62× simple-processor`, `even`, or empty when a figure is missing.
    private static func leadText(_ lead: Double?, mine: String, theirs: String) -> String {
        guard let lead else { return "" }
        if abs(lead - 1) < 0.005 { return "even" }
        return lead > 1 ? "\(fixed(lead, digits: 2))× \(mine)" : "\(fixed(1 / lead, digits: 2))× \(theirs)"
    }

    /// The report's rows for one plugin's figures, with the issue's targets.
    static func rows(_ f: BenchFigures) -> [BenchRow] {
        func target(_ level: BenchTarget.Level, _ comparison: BenchTarget.Comparison, _ threshold: Double, _ label: String) -> BenchTarget {
            BenchTarget(level: level, comparison: comparison, threshold: threshold, label: label)
        }
        func kilobytes(_ value: Double) -> String { grouped(value) + " kB" }
        return [
            BenchRow(title: "call p50, Unix socket, 1 caller", figure: f.callP50, value: micro(f.callP50), floor: micro(f.floorP50), ratio: f.callP50Ratio,
                     targets: [(target(.must, .atMost, 8, "≤ 8× floor"), f.callP50Ratio), (target(.aim, .atMost, 4, "≤ 4× floor"), f.callP50Ratio)]),
            BenchRow(title: "call p99, Unix socket, 1 caller", figure: f.callP99, value: micro(f.callP99), floor: micro(f.floorP50), ratio: f.callP99Ratio,
                     targets: [(target(.aim, .atMost, 10, "≤ 10× floor p50"), f.callP99Ratio)]),
            BenchRow(title: "call p50, loopback TCP, 1 caller", figure: f.callP50TCP, value: micro(f.callP50TCP), floor: micro(f.floorP50), ratio: f.callP50TCPRatio, targets: []),
            BenchRow(title: "call p99, loopback TCP, 1 caller", figure: f.callP99TCP, value: micro(f.callP99TCP), floor: nil, ratio: nil, targets: []),
            BenchRow(title: "throughput, 8 callers", figure: f.throughput8, better: .higher, value: rate(f.throughput8, "calls/s"), floor: rate(f.floorThroughput8, "trips/s"), ratio: f.throughput8Ratio,
                     targets: [(target(.must, .atLeast, 16_000, "≥ 16,000/s"), f.throughput8), (target(.aim, .atLeast, 32_000, "≥ 32,000/s"), f.throughput8)]),
            BenchRow(title: "start-up, spawn → ready, p50", figure: f.startupP50, value: fixed(f.startupP50, digits: 2) + " ms", floor: nil, ratio: nil,
                     targets: [(target(.must, .atMost, 10, "≤ 10 ms"), f.startupP50)]),
            BenchRow(title: "discovery + capabilities of 50", figure: f.discovery50, value: fixed(f.discovery50, digits: 0) + " ms", floor: nil, ratio: nil,
                     targets: [(target(.aim, .below, 1_000, "< 1 s"), f.discovery50)]),
            BenchRow(title: "idle RSS", figure: f.rssIdle, value: kilobytes(f.rssIdle), floor: nil, ratio: nil,
                     targets: [(target(.must, .atMost, 20_000, "≤ 20 MB"), f.rssIdle), (target(.aim, .atMost, 8_000, "≤ 8 MB"), f.rssIdle)]),
            BenchRow(title: "idle PSS", figure: f.pssIdle, value: kilobytes(f.pssIdle), floor: nil, ratio: nil, targets: []),
            BenchRow(title: "idle private dirty memory", figure: f.privateDirtyIdle, value: kilobytes(f.privateDirtyIdle), floor: nil, ratio: nil,
                     targets: [(target(.aim, .atMost, 1_024, "≤ 1 MB"), f.privateDirtyIdle)]),
            BenchRow(title: "idle anonymous memory", figure: f.anonymousIdle, value: kilobytes(f.anonymousIdle), floor: nil, ratio: nil, targets: []),
            BenchRow(title: "PSS per instance, 10 running", figure: f.pssPerInstance10, value: kilobytes(f.pssPerInstance10), floor: nil, ratio: nil, targets: []),
            BenchRow(title: "internal call", figure: f.internalCall > 0 ? f.internalCall : nil, value: f.internalCall > 0 ? fixed(f.internalCall, digits: 0) + " ns" : "—", floor: nil, ratio: nil,
                     targets: f.internalCall > 0 ? [(target(.aim, .below, 1_000, "< 1 µs"), f.internalCall)] : []),
            BenchRow(title: "1 MiB raw POST /echo, p50", figure: f.raw1MiB, value: f.raw1MiB.map(micro) ?? "skipped", floor: micro(f.floor1MiB), ratio: f.raw1MiBRatio,
                     targets: f.raw1MiBRatio.map { [(target(.aim, .atMost, 3, "≤ 3× floor copy"), $0)] } ?? []),
            BenchRow(title: "1 MiB JSON/base64 process, p50", figure: f.json1MiB, value: f.json1MiB.map(micro) ?? "skipped", floor: micro(f.floor1MiB), ratio: f.json1MiBRatio, targets: []),
        ]
    }

    /// `text` as a JSON string.
    static func quoted(_ text: String) -> String {
        String(decoding: (try? WireJSON.encode(text)) ?? Array(#""""#.utf8), as: UTF8.self)
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
