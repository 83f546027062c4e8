import NIOCore

/// Where one response goes: the caller's continuation, resumed exactly once.
///
/// The connection's handler completes it on the event loop. A request that never reaches the handler (its
/// connection closed in between, or its loop stopped) is dropped by NIO; the slot then completes itself from
/// `deinit` with ``HTTPClientFailure/closedBeforeResponse``, so a caller can never wait forever. This replaces a
/// promise plus two futures per call (the response's, and the write's to catch that case).
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
        continuation?.resume(throwing: HTTPClientFailure.closedBeforeResponse)
    }
}
