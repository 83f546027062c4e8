/// How much `plugboard bench` measures: the full run (about 35 s on 2 cores) or `--quick` (under 10 s; must stay under 30 s).
struct BenchSettings: Sendable {
    /// Floor round trips before measuring.
    var floorWarmup: Int
    /// Floor round trips measured.
    var floorSamples: Int
    /// Calls before measuring latency.
    var callWarmup: Int
    /// Calls measured for latency, per transport.
    var callSamples: Int
    /// How long throughput is counted (after a 200 ms warm-up).
    var throughputWindow: Duration
    /// Starts measured (each followed by a stop).
    var startups: Int
    /// Discovery runs over the 50-plugin directory.
    var discoveries: Int
    /// Calls to the started plugin before reading its RSS.
    var rssCalls: Int
    /// Pause between those calls and reading the RSS.
    var rssSettle: Duration
    /// Internal calls timed together.
    var internalCalls: Int
    /// 1 MiB exchanges before measuring.
    var bulkWarmup: Int
    /// 1 MiB exchanges measured (raw echo, floor copy).
    var bulkSamples: Int
    /// 1 MiB JSON/base64 calls measured.
    var jsonBulkSamples: Int

    /// About 35 seconds on a 2-core machine.
    static let full = BenchSettings(
        floorWarmup: 5_000, floorSamples: 100_000,
        callWarmup: 2_000, callSamples: 30_000,
        throughputWindow: .seconds(5),
        startups: 40, discoveries: 5,
        rssCalls: 20, rssSettle: .seconds(2),
        internalCalls: 2_000_000,
        bulkWarmup: 10, bulkSamples: 200, jsonBulkSamples: 50
    )

    /// Under 10 seconds on a 2-core machine.
    static let quick = BenchSettings(
        floorWarmup: 1_000, floorSamples: 10_000,
        callWarmup: 300, callSamples: 3_000,
        throughputWindow: .seconds(1),
        startups: 8, discoveries: 1,
        rssCalls: 10, rssSettle: .milliseconds(500),
        internalCalls: 200_000,
        bulkWarmup: 3, bulkSamples: 20, jsonBulkSamples: 8
    )
}
