import NIOCore
import NIOHTTP1

/// A request queued on a connection, with the slot its response completes.
struct HTTPClientRequest: Sendable {
    var method: NIOHTTP1.HTTPMethod
    var path: String
    /// The constant header lines, `name: value\r\n` each.
    var headerLines: [UInt8]
    /// This request's own header lines (its trace context), usually none.
    var extraHeaderLines: [UInt8] = []
    var body: [UInt8]
    var response: ResponseSlot
    /// The caller's cancellation: a request whose caller has gone is not written.
    var cancellation: CallCancellation
    /// When the response must have arrived; armed and disarmed on the event loop, by the handler.
    var deadline: NIODeadline
}
