/// Measured durations, sorted, with nearest-rank percentiles.
///
/// ```swift
/// let samples = Samples([.microseconds(30), .microseconds(10), .microseconds(20)])
/// samples.percentile(50).microseconds   // 20
/// ```
struct Samples: Sendable {
    /// The durations in nanoseconds, ascending.
    let nanoseconds: [Double]

    /// Sorts the samples.
    init(_ durations: [Duration]) {
        nanoseconds = durations.map(\.benchNanoseconds).sorted()
    }

    /// The smallest duration `p` percent of the samples do not exceed (nearest rank); 0 when there are none.
    func percentile(_ p: Double) -> BenchDuration {
        guard !nanoseconds.isEmpty else { return BenchDuration(nanoseconds: 0) }
        let rank = Int((p / 100 * Double(nanoseconds.count)).rounded(.up))
        return BenchDuration(nanoseconds: nanoseconds[min(max(rank, 1), nanoseconds.count) - 1])
    }

    /// The number of samples.
    var count: Int { nanoseconds.count }
}
