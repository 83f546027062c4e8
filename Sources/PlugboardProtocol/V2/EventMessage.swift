/// One event a plugin sends its host (GoPlug's callbacks), as one line of the events stream:
/// `{"seq": 1, "name": "progress", "data": "<base64>"}`.
public struct EventMessage: Codable, Sendable, Hashable {
    /// A number that grows by one per event of this plugin process, starting at 1.
    public var seq: UInt64
    /// The event's name, one the host listens for.
    public var name: String
    /// The payload (base64 on the wire).
    public var data: Base64Bytes

    /// Creates an event.
    public init(seq: UInt64, name: String, data: [UInt8]) {
        self.seq = seq
        self.name = name
        self.data = Base64Bytes(data)
    }
}
