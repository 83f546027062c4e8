import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import PlugboardProtocol

/// Connects a client channel to a plugin by a deadline, and gives up at once when the calling task is cancelled.
///
/// NIO's connect future ignores task cancellation: a connect to a listener whose accept queue is full (its SYNs
/// dropped) held its caller until the connect timeout. Here the channel being connected is closed on
/// cancellation, which fails the connect.
enum ClientConnect {
    private struct Pending {
        var channel: (any Channel)?
        var cancelled = false
    }

    /// A channel connected to `location`, its pipeline set up by `configure` (called on its event loop); throws
    /// NIO's `connectTimeout` error at `deadline` and `CancellationError` when the task is cancelled first.
    static func channel(
        to location: Location,
        group: any EventLoopGroup,
        deadline: ContinuousClock.Instant,
        configure: @escaping @Sendable (any Channel) throws -> Void
    ) async throws -> any Channel {
        let pending = NIOLockedValueBox(Pending())
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(TimeAmount(max(deadline - .now, .zero)))
            .channelInitializer { channel in
                let cancelled = pending.withLockedValue { pending in
                    pending.channel = channel
                    return pending.cancelled
                }
                if cancelled { return channel.eventLoop.makeFailedFuture(CancellationError()) }
                return channel.eventLoop.makeCompletedFuture { try configure(channel) }
            }
        let channel: any Channel
        do {
            channel = try await withTaskCancellationHandler {
                switch location {
                case .unix(let path):
                    return try await bootstrap.connect(unixDomainSocketPath: path).get()
                case .tcp(let host, let port):
                    return try await bootstrap
                        .channelOption(.tcpOption(.tcp_nodelay), value: 1)
                        .connect(host: host, port: port).get()
                }
            } onCancel: {
                let channel = pending.withLockedValue { pending in
                    pending.cancelled = true
                    return pending.channel
                }
                channel?.close(promise: nil)
            }
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw error
        }
        if Task.isCancelled {
            channel.close(promise: nil)
            throw CancellationError()
        }
        return channel
    }
}
