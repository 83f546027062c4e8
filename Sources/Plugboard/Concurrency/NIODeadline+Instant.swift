import NIOCore

extension NIODeadline {
    /// The NIO deadline at the same moment as a `ContinuousClock` instant, or a hair later (the two clocks are read
    /// one after the other: this one last, so a timer armed with it never fires before `instant`).
    init(_ instant: ContinuousClock.Instant) {
        let remaining = instant - .now
        self = .now() + TimeAmount(remaining)
    }
}
