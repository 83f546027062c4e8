import NIOConcurrencyHelpers
import NIOCore

/// The owner of the route handlers' tasks: each handler runs as a task of its own, started on its connection's
/// event loop (so that one that never suspends answers at once), and registers here for its whole run.
///
/// A graceful stop waits for every registered handler (``waitForAll(cancellationGrace:on:)``), whether its
/// connection is still open or not; cancelled (the stop's grace ran out), it cancels them, waits at most
/// `cancellationGrace` more for them to end, and returns. The deactivation hook therefore runs after the
/// handlers, and no handler outlives the server unless it ignores cancellation.
final class HandlerTasks: Sendable {
    /// A handler between ``begin()`` and ``end(_:)``: its task handle once ``attach(_:to:)`` has it (a handler
    /// that never suspends ends before its `Task` initializer returns).
    private enum Slot {
        case starting
        case running(Task<Void, Never>)
    }

    private struct State {
        var handlers: [Int: Slot] = [:]
        var nextID = 0
        /// The stop's grace ran out: handlers are cancelled, including any attached from now on.
        var cancelled = false
        /// The wait after cancelling ran out too: waiters return at once.
        var abandoned = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = NIOLockedValueBox(State())

    /// Registers a handler about to start; pass the result to ``attach(_:to:)`` and ``end(_:)``.
    func begin() -> Int {
        state.withLockedValue { state in
            defer { state.nextID &+= 1 }
            state.handlers[state.nextID] = .starting
            return state.nextID
        }
    }

    /// Records the task of handler `id`, unless it has already ended; cancels it when the stop has.
    func attach(_ task: Task<Void, Never>, to id: Int) {
        let cancel = state.withLockedValue { state -> Bool in
            guard state.handlers[id] != nil else { return false }
            state.handlers[id] = .running(task)
            return state.cancelled
        }
        if cancel { task.cancel() }
    }

    /// Forgets handler `id`, which has ended; wakes the stop when it was the last.
    func end(_ id: Int) {
        let waiters = state.withLockedValue { state -> [CheckedContinuation<Void, Never>] in
            state.handlers.removeValue(forKey: id)
            guard state.handlers.isEmpty else { return [] }
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// How many handlers are running.
    var count: Int { state.withLockedValue { $0.handlers.count } }

    /// Returns once no handler is running. Cancelled, it cancels every handler, then waits for them to end for at
    /// most `cancellationGrace` (on `loop`'s timer, which the cancellation does not cut short).
    func waitForAll(cancellationGrace: TimeAmount, on loop: any EventLoop) async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let done = state.withLockedValue { state -> Bool in
                    if state.handlers.isEmpty || state.abandoned { return true }
                    state.waiters.append(continuation)
                    return false
                }
                if done { continuation.resume() }
            }
        } onCancel: {
            let tasks = state.withLockedValue { state -> [Task<Void, Never>] in
                state.cancelled = true
                return state.handlers.values.compactMap { slot in
                    if case .running(let task) = slot { return task }
                    return nil
                }
            }
            for task in tasks { task.cancel() }
            loop.scheduleTask(in: cancellationGrace) {
                let waiters = self.state.withLockedValue { state -> [CheckedContinuation<Void, Never>] in
                    state.abandoned = true
                    defer { state.waiters = [] }
                    return state.waiters
                }
                for waiter in waiters { waiter.resume() }
            }
        }
    }
}
