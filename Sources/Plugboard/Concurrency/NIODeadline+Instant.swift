import NIOCore

extension NIODeadline {
    /// The NIO deadline at the same moment as a `ContinuousClock` instant.
    init(_ instant: ContinuousClock.Instant) {
        self = .now() + TimeAmount(instant - .now)
    }
}
