import NIOCore

/// Where one response goes: the caller's continuation, resumed exactly once.
///
/// The connection's handler completes it on the event loop. A request that never reaches the handler (its
/// connection closed in between, or its loop stopped) is dropped by NIO; the slot then completes itself from
/// `deinit` with ``HTTPClientFailure/notSent``, so a caller can never wait forever. That only works while nothing but
/// the request holds the slot: the caller keeps a ``CallCancellation`` instead, never the slot itself.
final class ResponseSlot: @unchecked Sendable {
    // Only touched by the handler, on the event loop, then by deinit once nothing else holds the slot.
    private var continuation: UnsafeContinuation<HTTPResponse, any Error>?

    init(_ continuation: UnsafeContinuation<HTTPResponse, any Error>) {
        self.continuation = continuation
    }

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
