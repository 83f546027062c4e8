/// A measured time, converted to the unit a figure is reported in.
struct BenchDuration: Sendable, Comparable {
    /// The time in nanoseconds.
    var nanoseconds: Double

    /// The time in microseconds.
    var microseconds: Double { nanoseconds / 1_000 }

    /// The time in milliseconds.
    var milliseconds: Double { nanoseconds / 1_000_000 }

    /// The time in seconds.
    var seconds: Double { nanoseconds / 1_000_000_000 }

    /// Converts a `Duration`.
    init(_ duration: Duration) {
        nanoseconds = duration.benchNanoseconds
    }

    /// Wraps a count of nanoseconds.
    init(nanoseconds: Double) {
        self.nanoseconds = nanoseconds
    }

    static func < (lhs: BenchDuration, rhs: BenchDuration) -> Bool { lhs.nanoseconds < rhs.nanoseconds }
}
