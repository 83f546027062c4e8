/// One line of the bench report: a figure, its floor and ratio where the issue defines one, and its targets.
struct BenchRow: Sendable {
    /// What was measured, for the table.
    var title: String
    /// The figure, formatted with its unit.
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
}
