import NIOCore

/// The continuations of callers waiting on a state machine, by waiter id, each with the timer that enforces its
/// deadline. Kept under the same lock as the machine, so that a result the machine hands out before its caller has
/// parked is kept for it rather than lost.
struct WaiterTable<Value: Sendable>: ~Copyable {
    private enum Slot {
        case waiting(CheckedContinuation<Value, any Error>, timer: Scheduled<Void>?)
        case finished(Result<Value, any Error>)
    }

    private var slots: [Int: Slot] = [:]
    private var lastID = 0

    init() {}

    /// A new waiter id.
    mutating func makeID() -> Int {
        lastID += 1
        return lastID
    }

    /// Parks a caller's continuation; returns its result instead when that has arrived already.
    mutating func park(_ id: Int, _ continuation: CheckedContinuation<Value, any Error>, timer: Scheduled<Void>?) -> Result<Value, any Error>? {
        if case .finished(let result)? = slots.removeValue(forKey: id) { return result }
        slots[id] = .waiting(continuation, timer: timer)
        return nil
    }

    /// Hands a result to waiter `id`: returns the continuation to resume (outside the lock), or keeps the result
    /// until the waiter parks.
    mutating func complete(_ id: Int, with result: Result<Value, any Error>) -> Resumption<Value>? {
        if case .waiting(let continuation, let timer)? = slots.removeValue(forKey: id) {
            return Resumption(continuation: continuation, timer: timer, result: result)
        }
        slots[id] = .finished(result)
        return nil
    }
}
