/// One event a plugin sends its host (GoPlug's callbacks), as one line of the events stream:
/// `{"seq": 1, "name": "progress", "data": "<base64>"}`, and `"trace": {"traceparent": "00-…"}` when the code that
/// sent it ran in a trace (docs/PROTOCOL.md).
public struct EventMessage: Codable, Sendable, Hashable {
    /// A number that grows by one per event of this plugin process, starting at 1.
    public var seq: UInt64
    /// The event's name, one the host listens for.
    public var name: String
    /// The payload (base64 on the wire).
    public var data: Base64Bytes
    /// The trace context of the code that sent it, as the plugin's instrument injected it (W3C `traceparent` and
    /// `tracestate` with OpenTelemetry); nil when it ran in none.
    public var trace: [String: String]?

    /// Creates an event.
    public init(seq: UInt64, name: String, data: [UInt8], trace: [String: String]? = nil) {
        self.seq = seq
        self.name = name
        self.data = Base64Bytes(data)
        self.trace = trace
    }
}
