import PlugboardProtocol

/// One line of `plugboard events`.
struct EventLine: Encodable, Sendable {
    var event: String
    var seq: Int
    var data: [UInt8]

    enum CodingKeys: String, CodingKey { case event, seq, text, base64 }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(event, forKey: .event)
        try container.encode(seq, forKey: .seq)
        if let text = String(validating: data, as: UTF8.self) {
            try container.encode(text, forKey: .text)
        } else {
            try container.encode(Base64Bytes(data), forKey: .base64)
        }
    }
}
