extension Duration {
    /// The duration in nanoseconds, as a floating-point number for statistics.
    var benchNanoseconds: Double {
        Double(components.seconds) * 1_000_000_000 + Double(components.attoseconds) / 1_000_000_000
    }
}
