/// How long the host waits before starting a plugin again after it crashed or failed to start.
///
/// The delay is a function of the plugin's *recent* crash history only: after `n` crashes in a row, the next start
/// waits `min(initial × 2^(n-1), maximum)`, counted from the last crash (a call that comes later than that starts
/// the plugin at once). A crash of a process that had been ready for at least ``stablePeriod`` is the first of a new
/// series, and so is any start after a clean stop (idle exit, `stop()`, `unload`): a plugin that crashes on a rare
/// bad input after serving for a while is restarted at once, while one that crashes on start or on its first calls
/// backs off.
///
/// ```swift
/// var options = RegistrationOptions()
/// options.restartBackoff = RestartBackoff(initial: .milliseconds(50), maximum: .seconds(2))
/// ```
public struct RestartBackoff: Sendable, Hashable {
    /// The delay after the first crash of a series.
    public var initial: Duration
    /// The longest delay.
    public var maximum: Duration
    /// How long a process must have been ready for its crash to start a new series.
    public var stablePeriod: Duration

    /// Creates a policy. The defaults: 100 ms, doubling up to 6.4 s; a series resets after 10 s of being ready.
    ///
    /// Ten seconds: a crash loop (a plugin that dies while starting or on its first calls) always falls inside it,
    /// and it is longer than the longest delay, so a plugin that keeps crashing never gets its slate wiped between
    /// two attempts.
    public init(initial: Duration = .milliseconds(100), maximum: Duration = .milliseconds(6400), stablePeriod: Duration = .seconds(10)) {
        self.initial = initial
        self.maximum = maximum
        self.stablePeriod = stablePeriod
    }

    /// The delay before the next start after `crashes` crashes in a row (zero for none).
    public func delay(afterConsecutiveCrashes crashes: Int) -> Duration {
        guard crashes > 0 else { return .zero }
        var delay = initial
        for _ in 1..<min(crashes, 64) {
            delay = delay * 2
            if delay >= maximum { return maximum }
        }
        return min(delay, maximum)
    }
}
