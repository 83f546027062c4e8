/// How the supervisor classified a plugin process's exit.
enum ExitKind: Sendable, Hashable {
    /// The host asked it to stop (`POST /shutdown` sent, SIGTERM, `stop()`, shutdown): whatever its status, not a crash.
    case requested
    /// It stopped by itself: status 0, or any status with no call in flight after being quiet for its idle timeout
    /// (the Go framework's SDK exits 1 from its idle timer).
    case idle
    /// It exited with a failure status or a signal while serving, or before its idle timeout: a crash.
    case crash
    /// It exited before it became ready.
    case duringStart
}
