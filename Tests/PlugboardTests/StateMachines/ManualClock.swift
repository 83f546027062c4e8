/// A clock for driving the state machines by hand: its instants are offsets from zero that a test makes and
/// advances itself. The machines never read a clock or sleep; they are given `now` with every event.
struct ManualClock: Clock {
    struct Instant: InstantProtocol {
        var offset: Duration

        static let zero = Instant(offset: .zero)

        func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    var now: Instant { .zero }
    var minimumResolution: Duration { .nanoseconds(1) }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        // Never called by the machines under test.
        try Task.checkCancellation()
    }
}

/// `t(1.5)`: the instant 1.5 s after zero.
func t(_ seconds: Double) -> ManualClock.Instant {
    ManualClock.Instant(offset: .milliseconds(Int64((seconds * 1000).rounded())))
}
