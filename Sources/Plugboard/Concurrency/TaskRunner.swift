import Synchronization

/// Runs long-lived jobs (one per plugin process) as children of one task group, so every process the host starts
/// belongs to a structured task: ``run()`` returns only when all jobs have finished.
final class TaskRunner: Sendable {
    typealias Job = @Sendable () async -> Void

    private let jobs: AsyncStream<Job>
    private let continuation: AsyncStream<Job>.Continuation
    private let state = Mutex(State())
    /// Completed when every job has finished: when ``run()`` returns, or at ``finish()`` if it never ran.
    let finished = OneShot<Void>()

    private struct State {
        var ran = false
        var finished = false
    }

    init() {
        (jobs, continuation) = AsyncStream.makeStream(of: Job.self)
    }

    /// Runs submitted jobs until ``finish()`` is called and all of them have returned. A second call, or a call after
    /// ``finish()``, returns at once.
    func run() async {
        let start = state.withLock { state -> Bool in
            guard !state.ran, !state.finished else { return false }
            state.ran = true
            return true
        }
        guard start else { return }
        await withDiscardingTaskGroup { group in
            for await job in jobs {
                group.addTask { await job() }
            }
        }
        finished.succeed(())
    }

    /// Whether ``run()`` has started (jobs submitted before it are queued until it does).
    var hasStarted: Bool { state.withLock { $0.ran } }

    /// Submits a job; returns false once the runner has finished.
    func submit(_ job: @escaping Job) -> Bool {
        guard !state.withLock({ $0.finished }) else { return false }
        if case .enqueued = continuation.yield(job) { return true }
        return false
    }

    /// Stops accepting jobs; ``run()`` returns once the running ones finish. If ``run()`` never ran, no job ever
    /// will: ``finished`` completes at once.
    func finish() {
        let ran = state.withLock { state -> Bool in
            state.finished = true
            return state.ran
        }
        continuation.finish()
        if !ran { finished.succeed(()) }
    }
}
