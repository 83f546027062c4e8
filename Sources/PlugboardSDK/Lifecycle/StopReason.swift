/// Why a plugin stops serving.
enum StopReason: String, Sendable {
    case shutdownRequest = "POST /shutdown"
    case idleTimeout = "idle timeout"
    case signal = "signal"
    case hostGone = "host closed stdin"
}
