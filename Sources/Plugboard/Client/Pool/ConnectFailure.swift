/// A connection to the plugin could not be opened (refused, no such socket, timed out): nothing was sent.
struct ConnectFailure: Error, Sendable, CustomStringConvertible {
    let underlying: any Error

    var description: String { "\(underlying)" }
}
