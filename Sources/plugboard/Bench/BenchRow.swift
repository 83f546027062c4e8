/// One line of the bench report: a figure, its floor and ratio where the issue defines one, and its targets.
struct BenchRow: Sendable {
    /// Which way a figure is better.
    enum Better: Sendable {
        /// Less is better (times, memory).
        case lower
        /// More is better (rates).
        case higher
    }

    /// What was measured, for the table.
    var title: String
    /// The figure as a number, for comparisons; nil when it was skipped.
    var figure: Double?
    /// Which way the figure is better.
    var better: Better = .lower
    /// The figure, formatted with its unit ("skipped" when there is none).
    var value: String
    /// The floor it is compared with, formatted, when there is one.
    var floor: String?
    /// The ratio to the floor, when there is one.
    var ratio: Double?
    /// The targets, each with the figure (or ratio) it is checked against.
    var targets: [(target: BenchTarget, checked: Double)]

    /// `must ✓`, `must ✓ aim ✗`, … for the table.
    var verdict: String {
        targets.map { "\($0.target.level.rawValue) \($0.target.isMet(by: $0.checked) ? "✓" : "✗")" }.joined(separator: " ")
    }

    /// How many times better this row's figure is than `other`'s (above 1: this one leads), or nil when either
    /// was skipped or is zero.
    func lead(over other: BenchRow) -> Double? {
        guard let mine = figure, let theirs = other.figure, mine > 0, theirs > 0 else { return nil }
        return better == .lower ? theirs / mine : mine / theirs
    }
}
