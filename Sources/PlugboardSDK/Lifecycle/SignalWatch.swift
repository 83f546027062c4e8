import CPlugboardShims
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SIGTERM and SIGINT, read as bytes from a pipe (the self-pipe trick, in `CPlugboardShims`): a handler writes
/// the signal's number, and the plugin reads it either on its idle main thread (``PluginMain``, through
/// ``MainThreadWatch``: nothing to set up) or, when a program calls ``Plugin/run(arguments:)`` itself, through a pipe channel on the event loop.
/// Dispatch's signal sources, which swift-service-lifecycle's `UnixSignalsSequence` uses, started two threads of
/// their own before the location line (docs/PERFORMANCE.md).
///
/// The handlers are ordinary `sigaction` handlers, so a process the plugin executes starts with the default
/// dispositions and an unchanged signal mask.
enum SignalWatch {
    /// The signals a plugin stops on.
    static let stopSignals: [Int32] = [SIGTERM, SIGINT]

    /// Traps ``stopSignals`` and returns a descriptor of the pipe their numbers arrive on, for the caller to own.
    ///
    /// - Throws: ``PluginRunError/listen(_:)`` naming the cause when the pipe or a handler cannot be set up.
    static func trap() throws -> Int32 {
        let descriptor = stopSignals.withUnsafeBufferPointer { plugboard_signal_pipe($0.baseAddress!, Int32($0.count)) }
        guard descriptor >= 0 else {
            throw PluginRunError.listen("cannot trap SIGTERM and SIGINT: \(String(cString: strerror(errno)))")
        }
        return descriptor
    }

    /// A trapped signal arriving on `descriptor`, read through a pipe channel on `group`.
    struct OnLoop: Sendable {
        private let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>

        /// Starts reading `descriptor` (which it then owns) on `group`.
        ///
        /// - Throws: ``PluginRunError/listen(_:)`` when the channel cannot be made.
        init(descriptor: Int32, group: any EventLoopGroup) async throws {
            do {
                channel = try await NIOPipeBootstrap(group: group)
                    .takingOwnershipOfDescriptor(input: descriptor) { channel in
                        channel.eventLoop.makeCompletedFuture {
                            try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                        }
                    }
            } catch {
                close(descriptor)
                throw PluginRunError.listen("cannot read trapped signals: \(error)")
            }
        }

        /// Returns true when a trapped signal arrives, false when the task is cancelled first.
        func waitForSignal() async -> Bool {
            do {
                return try await channel.executeThenClose { inbound, _ in
                    for try await bytes in inbound where bytes.readableBytes > 0 { return true }
                    return false
                }
            } catch {
                return false
            }
        }
    }
}
