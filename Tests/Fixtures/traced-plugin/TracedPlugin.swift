import NIOPosix
import PlugboardSDK
import PlugboardTestTracing
import Tracing

/// A plugin on ``PluginMain`` that bootstraps a tracer propagating W3C `traceparent` (as OpenTelemetry does): `trace`
/// reports the context its handler runs in, `notify` sends the event `traced` from it, and `POST /executor` says
/// where a handler resumes after a suspension (ExecutorHookTests).
@main
struct TracedPlugin: PluginMain {
    static var plugin: Plugin {
        InstrumentationSystem.bootstrap(W3CTestTracer())
        var plugin = Plugin(name: "traced-plugin")
        plugin.method("trace") { _, _ in
            let context = ServiceContext.current
            let child = InstrumentationSystem.tracer.startSpan("plugin work", context: context ?? .topLevel)
            defer { child.end() }
            let report = TraceReport(
                traceID: context?.inMemorySpanContext?.traceID,
                spanID: context?.inMemorySpanContext?.spanID,
                childTraceID: child.context.inMemorySpanContext?.traceID,
                childParentSpanID: child.context.inMemorySpanContext?.parentSpanID
            )
            return try WireJSON.encode(report)
        }
        plugin.method("notify") { _, context in
            try context.notify("traced", [])
            return []
        }
        plugin.emits("traced")
        // On the event loop when the SDK made NIO's loop Swift concurrency's executor; elsewhere when that
        // take-over silently failed.
        plugin.handle(.post, "/executor") { _, _ in
            await Task.yield()
            return Array((MultiThreadedEventLoopGroup.currentEventLoop == nil ? "elsewhere" : "event-loop").utf8)
        }
        return plugin
    }
}
