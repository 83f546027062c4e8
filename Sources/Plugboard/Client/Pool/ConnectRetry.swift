#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import NIOPosix

/// When to connect again after a plugin's listen queue was full.
///
/// A Unix-socket `connect` fails at once with `EAGAIN` while the listener's backlog is full (a plugin that accepts
/// slower than callers arrive: Python's `socketserver` listens with a backlog of 5). That says "not now", not "no
/// plugin": the pool tries again with a growing pause, within the caller's deadline, and reports
/// ``PoolFailure/backlogFull`` when the deadline leaves no time for another try. Pure: it is handed the time left.
struct ConnectRetry: Sendable, Equatable {
    /// The first pause.
    static let firstPause: Duration = .microseconds(500)
    /// The longest pause: a queue that drains is noticed within this.
    static let longestPause: Duration = .milliseconds(50)

    /// How many tries failed with a full queue so far.
    private(set) var failures = 0

    /// Records a failed try and returns the pause before the next one, or `nil` when `remaining` (the time left
    /// before the caller's deadline) does not cover that pause.
    mutating func pause(remaining: Duration) -> Duration? {
        let pause = failures >= 7 ? Self.longestPause : min(Self.longestPause, Self.firstPause * (1 << failures))
        failures += 1
        return pause < remaining ? pause : nil
    }

    /// Whether `error` is a connect refused for now because the listener's queue is full.
    static func isBacklogFull(_ error: any Error) -> Bool {
        if let error = error as? IOError { return error.errnoCode == EAGAIN || error.errnoCode == EWOULDBLOCK }
        if let error = error as? NIOConnectionError { return error.connectionErrors.contains { isBacklogFull($0.error) } }
        return false
    }
}
