/// A performance target from issue #6: a figure's threshold, and whether a run meets it.
struct BenchTarget: Sendable {
    /// How strongly the project wants it.
    enum Level: String, Sendable {
        /// Required for a release.
        case must
        /// What the project aims for.
        case aim
    }

    /// How the figure compares with the threshold.
    enum Comparison: Sendable {
        /// The figure must not exceed the threshold.
        case atMost
        /// The figure must be below the threshold.
        case below
        /// The figure must reach the threshold.
        case atLeast
    }

    /// Must or aim.
    var level: Level
    /// How to compare.
    var comparison: Comparison
    /// The threshold, in the unit of the figure it is checked against (a ratio where the target is one).
    var threshold: Double
    /// How the threshold reads in the table, e.g. `≤ 8× floor`.
    var label: String

    /// Whether `value` meets the target.
    func isMet(by value: Double) -> Bool {
        switch comparison {
        case .atMost: value <= threshold
        case .below: value < threshold
        case .atLeast: value >= threshold
        }
    }
}
