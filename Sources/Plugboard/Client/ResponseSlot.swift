import NIOCore
import Synchronization

/// Where one response goes: the caller's continuation, resumed exactly once.
///
/// The connection's handler completes it on the event loop. A request that never reaches the handler (its
/// connection closed in between, or its loop stopped) is dropped by NIO; the slot then completes itself from
/// `deinit` with ``HTTPClientFailure/notSent``, so a caller can never wait forever. A caller whose task is cancelled
/// marks the slot (``cancel()``) before telling the handler, so a request written after the mark is never sent.
final class ResponseSlot: @unchecked Sendable {
    // Set once by the caller before the request is handed to the channel, then only touched by the handler on the
    // event loop, then by deinit once nothing else holds the slot.
    private var continuation: UnsafeContinuation<HTTPResponse, any Error>?
    private let cancelled = Atomic<Bool>(false)

    init() {}

    /// Sets the continuation; called once, before the request is written.
    func attach(_ continuation: UnsafeContinuation<HTTPResponse, any Error>) {
        self.continuation = continuation
    }

    /// Marks the call as cancelled by its caller.
    func cancel() { cancelled.store(true, ordering: .releasing) }

    /// Whether the caller cancelled the call.
    var isCancelled: Bool { cancelled.load(ordering: .acquiring) }

    /// Resumes the caller; later calls do nothing.
    func complete(_ result: Result<HTTPResponse, any Error>) {
        guard let continuation else { return }
        self.continuation = nil
        continuation.resume(with: result)
    }

    deinit {
        continuation?.resume(throwing: HTTPClientFailure.notSent)
    }
}
