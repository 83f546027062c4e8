/// A measuring window for throughput: callers start at once, warm up until the window opens, count what completes
/// inside it, and stop when it closes.
struct BenchWindow: Sendable {
    /// When counting starts.
    let opens: ContinuousClock.Instant
    /// When counting stops.
    let closes: ContinuousClock.Instant
    /// The window's length.
    var length: Duration { closes - opens }

    /// Where an instant falls.
    enum Position { case before, inside, after }

    /// A window that opens after `warmup` from now and lasts `length`.
    init(warmup: Duration, length: Duration) {
        opens = .now + warmup
        closes = opens + length
    }

    /// Where `instant` falls relative to the window.
    func classify(_ instant: ContinuousClock.Instant) -> Position {
        if instant < opens { return .before }
        return instant < closes ? .inside : .after
    }
}
