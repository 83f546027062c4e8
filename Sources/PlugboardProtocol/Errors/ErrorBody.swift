/// The JSON body of every non-2xx response: `{"message": "...", "statusCode": 404}`.
public struct ErrorBody: Codable, Sendable, Hashable, Error, CustomStringConvertible {
    /// A sentence that says what went wrong.
    public var message: String
    /// The HTTP status code, repeated in the body as the Go framework does.
    public var statusCode: Int

    /// Creates an error body.
    public init(message: String, statusCode: Int) {
        self.message = message
        self.statusCode = statusCode
    }

    public var description: String { "\(statusCode): \(message)" }
}
