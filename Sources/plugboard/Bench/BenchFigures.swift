/// Every figure one `plugboard bench` run produces, in the units the report uses.
struct BenchFigures: Sendable {
    /// Floor: 64-byte round trip over a Unix socket pair, p50 (µs).
    var floorP50: Double = 0
    /// Floor: the same, p99 (µs).
    var floorP99: Double = 0
    /// Floor: 64-byte round trips per second over 8 socket pairs.
    var floorThroughput8: Double = 0
    /// Floor: echoing 1 MiB through a socket pair, p50 (µs).
    var floor1MiB: Double = 0

    /// Copies the floor's figures from `other` (measured once per run, shared by the plugins compared).
    mutating func takeFloor(from other: BenchFigures) {
        floorP50 = other.floorP50
        floorP99 = other.floorP99
        floorThroughput8 = other.floorThroughput8
        floor1MiB = other.floor1MiB
    }

    /// A small JSON `process` call through the public API over a Unix socket, one caller, p50 (µs).
    var callP50: Double = 0
    /// The same, p99 (µs).
    var callP99: Double = 0
    /// The same call over loopback TCP, p50 (µs).
    var callP50TCP: Double = 0
    /// The same call over loopback TCP, p99 (µs).
    var callP99TCP: Double = 0
    /// Calls per second with 8 concurrent callers (Unix socket).
    var throughput8: Double = 0
    /// Spawn → ready through `PluginHandle.start()`, p50 (ms).
    var startupP50: Double = 0
    /// `Discovery.probe(directory:)` over 50 plugins, median of the runs (ms).
    var discovery50: Double = 0
    /// RSS of a started plugin after a few calls and a pause (kB).
    var rssIdle: Double = 0
    /// PSS of the same process at the same moment (kB).
    var pssIdle: Double = 0
    /// Its private dirty pages (kB): what the process has written, shared with no other.
    var privateDirtyIdle: Double = 0
    /// Its anonymous pages (kB).
    var anonymousIdle: Double = 0
    /// PSS per instance with ten instances of the plugin running, each called a few times (kB).
    var pssPerInstance10: Double = 0
    /// One `process` call of an internal plugin through `any DataProcessor` (ns).
    var internalCall: Double = 0
    /// 1 MiB through the raw `POST /echo` endpoint, p50 (µs); nil when the plugin serves no `POST /echo`.
    var raw1MiB: Double? = 0
    /// 1 MiB through the JSON/base64 `process` call, p50 (µs); nil when the plugin refused it.
    var json1MiB: Double? = 0
    /// Why figures were skipped, one sentence each.
    var skipped: [String] = []

    /// Call p50 over the floor's p50.
    var callP50Ratio: Double { callP50 / floorP50 }
    /// Call p99 over the floor's p50 (the "p99 ≤ 10×" compares with the floor's median round trip).
    var callP99Ratio: Double { callP99 / floorP50 }
    /// TCP call p50 over the floor's (Unix socket pair) p50.
    var callP50TCPRatio: Double { callP50TCP / floorP50 }
    /// Calls per second with 8 callers over the floor's round trips per second with 8 pairs.
    var throughput8Ratio: Double { throughput8 / floorThroughput8 }
    /// 1 MiB through `POST /echo` over the floor's 1 MiB echo.
    var raw1MiBRatio: Double? { raw1MiB.map { $0 / floor1MiB } }
    /// 1 MiB through the JSON `process` call over the floor's 1 MiB echo.
    var json1MiBRatio: Double? { json1MiB.map { $0 / floor1MiB } }
}
