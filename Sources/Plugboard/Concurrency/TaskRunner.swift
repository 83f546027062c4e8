import Synchronization

/// Runs long-lived jobs (one per plugin process) as children of one task group, so every process the host starts
/// belongs to a structured task: ``run()`` returns only when all jobs have finished.
final class TaskRunner: Sendable {
    typealias Job = @Sendable () async -> Void

    private let jobs: AsyncStream<Job>
    private let continuation: AsyncStream<Job>.Continuation
    private let phase = Mutex(Phase.idle)
    /// Completed when ``run()`` returns: every job has finished.
    let finished = OneShot<Void>()

    private enum Phase { case idle, running, finished }

    init() {
        (jobs, continuation) = AsyncStream.makeStream(of: Job.self)
    }

    /// Runs submitted jobs until ``finish()`` is called and all of them have returned.
    func run() async {
        let start = phase.withLock { phase -> Bool in
            guard case .idle = phase else { return false }
            phase = .running
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
    var hasStarted: Bool { phase.withLock { if case .idle = $0 { return false } else { return true } } }

    /// Submits a job; returns false once the runner has finished.
    func submit(_ job: @escaping Job) -> Bool {
        guard phase.withLock({ if case .finished = $0 { return false } else { return true } }) else { return false }
        if case .enqueued = continuation.yield(job) { return true }
        return false
    }

    /// Stops accepting jobs; ``run()`` returns once the running ones finish.
    func finish() {
        phase.withLock { $0 = .finished }
        continuation.finish()
    }
}
