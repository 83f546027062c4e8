/// Why a connection could not deliver a response.
enum HTTPClientFailure: Error, Sendable {
    /// The request was not (wholly) written: the connection had closed first, or the write failed. No plugin can
    /// have handled it, so it is safe to send again on another connection, whatever its method.
    case notSent
    /// The connection closed after the request was written and before any byte of the response arrived (the
    /// plugin may have handled the request).
    case closedBeforeResponse
    /// The connection closed after part of the response arrived.
    case closedMidResponse
    /// The response body exceeded the limit.
    case responseTooLarge(limit: Int)
    /// The deadline passed.
    case timedOut
    /// The path cannot go into a request line.
    case invalidPath(String)
}
