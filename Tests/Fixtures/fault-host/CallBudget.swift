import Synchronization

/// Bounds a load test: hands out at most `limit` calls, and none once `deadline` has passed. The count is the bound
/// a run means to reach; the deadline is only a safety stop for a host so slow that the count would take too long.
final class CallBudget: Sendable {
    private struct State {
        var taken = 0
        var stoppedByDeadline = false
        /// Set by the first call taken: the plugin's registration and start, slow on a loaded machine, do not count.
        var deadline: ContinuousClock.Instant?
    }

    /// How many calls the budget allows.
    let limit: Int
    private let wallTime: Duration
    private let state = Mutex(State())

    /// A budget of `limit` calls, handed out until `wallTime` after the first has passed.
    init(limit: Int, wallTime: Duration) {
        self.limit = limit
        self.wallTime = wallTime
    }

    /// The number of the next call, or nil when the budget is spent or its deadline has passed.
    func take() -> Int? {
        state.withLock { state in
            guard state.taken < limit else { return nil }
            let deadline = state.deadline ?? ContinuousClock.now + wallTime
            state.deadline = deadline
            guard ContinuousClock.now < deadline else {
                state.stoppedByDeadline = true
                return nil
            }
            state.taken += 1
            return state.taken
        }
    }

    /// How many calls were handed out.
    var taken: Int { state.withLock { $0.taken } }

    /// Whether the deadline, not the count, ended the run.
    var stoppedByDeadline: Bool { state.withLock { $0.stoppedByDeadline } }

    /// Runs `callers` concurrent loops, each making one `call` (with its number) per call taken, until the budget is
    /// spent; returns when every call has ended.
    func spend(callers: Int, _ call: @escaping @Sendable (Int) async -> Void) async {
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<callers {
                group.addTask {
                    while let number = self.take() { await call(number) }
                }
            }
        }
    }
}
