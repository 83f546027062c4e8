/// Why the connection pool's state machine ended a caller's wait without a connection.
enum PoolFailure: Error, Sendable, Hashable {
    /// The caller's deadline passed while it waited for a connection.
    case timedOut
    /// The caller's task was cancelled.
    case cancelled
    /// The pool was closed: the plugin stopped or exited.
    case closed
    /// The queue of waiting callers is full.
    case overloaded(limit: Int)
    /// The plugin's listen queue stayed full (every `connect` failed with `EAGAIN`) until the caller's deadline.
    case backlogFull(tries: Int)
}
