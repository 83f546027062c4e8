import Logging
import NIOCore
import NIOEmbedded

/// One `GET /healthz` through a connection's pipeline on an in-memory channel, run by ``PluginMain``'s main thread
/// while the event loop binds the listener.
///
/// The first connection a plugin accepts made the Swift runtime instantiate the generic metadata of the pipeline's
/// types and look up their protocol conformances (a lookup that misses its cache scans every conformance record of
/// the binary): 2.8 M instructions, on the event loop, after the location line and in front of the host's first
/// request. The runtime's caches are process-wide, so doing the same work here, on a thread that is otherwise idle,
/// takes it off that path (docs/PERFORMANCE.md). The server here is a throwaway: the real one's connections, idle
/// tracking and stop are untouched.
enum ServerWarmUp {
    /// Runs the request; any failure is ignored (the real server does the same work again, only later).
    static func run(configuration: PluginServerConfiguration) {
        let server = PluginServer(
            router: Router(), logger: Logger(label: "warm-up") { _ in SwiftLogNoOpLogHandler() }, configuration: configuration,
            activity: ActivityTracker(), stop: StopTrigger(), token: nil, events: EventHub()
        )
        let channel = EmbeddedChannel()
        do {
            try server.configureConnection(channel)
            try channel.connect(to: SocketAddress(unixDomainSocketPath: "/plugboard-warm-up")).wait()
            try channel.writeInbound(ByteBuffer(string: "GET /healthz HTTP/1.1\r\nhost: plugin\r\n\r\n"))
            _ = try channel.readOutbound(as: ByteBuffer.self)
            _ = try channel.finish(acceptAlreadyClosed: true)
        } catch {
            _ = try? channel.finish(acceptAlreadyClosed: true)
        }
    }
}
