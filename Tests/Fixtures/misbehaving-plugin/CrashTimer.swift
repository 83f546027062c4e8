import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Exits the process with status 3 at a random moment in a range, counted from the first time it is armed.
final class CrashTimer: Sendable {
    private let armed = Atomic<Bool>(false)

    /// Starts the countdown the first time it is called; later calls do nothing.
    func arm(milliseconds range: ClosedRange<Int>) {
        guard !armed.exchange(true, ordering: .relaxed) else { return }
        var generator = SystemRandomNumberGenerator()
        let delay = Int.random(in: range, using: &generator)
        Task.detached {
            try? await Task.sleep(for: .milliseconds(delay))
            Self.crash()
        }
    }

    /// Ends the process with status 3 at once: `_exit`, so no exit handler runs while other threads are still
    /// serving (a plugin that hung in `exit` would look like a host that lets calls time out).
    static func crash() -> Never {
        _exit(3)
    }
}
