import NIOPosix
import PlugboardSDK
import PlugboardTestTracing
import Tracing

/// What the plugin saw of the trace in its handler.
struct TraceReport: Codable, Sendable {
    /// The trace and span the host's request carried (its client span), as the SDK extracted them.
    var traceID: String?
    var spanID: String?
    /// A span the handler started: a child of the host's.
    var childTraceID: String?
    var childParentSpanID: String?
}
