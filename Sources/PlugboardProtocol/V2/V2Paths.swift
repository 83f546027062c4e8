/// The paths of the v2 endpoints, all under `/plugboard/v2/` so they never collide with a contract's own.
public enum V2Paths {
    /// `GET`: the plugin's capabilities document (used for attached plugins, which the host did not start).
    public static let capabilities = "/plugboard/v2/capabilities"
    /// `GET`: `{"methods": [...]}`.
    public static let methods = "/plugboard/v2/methods"
    /// The prefix of `POST /plugboard/v2/methods/{name}`.
    public static let methodPrefix = "/plugboard/v2/methods/"
    /// `GET /plugboard/v2/events?listen=a,b`: the events stream, one JSON line per event, until the plugin stops.
    public static let events = "/plugboard/v2/events"

    /// The path that calls a method, with its name percent-encoded.
    public static func method(_ name: String) -> String { methodPrefix + percentEncode(name) }

    /// The events path for a set of listened names.
    public static func events(listening names: [String]) -> String {
        events + "?listen=" + names.map(percentEncode).joined(separator: ",")
    }

    /// Percent-encodes everything but unreserved characters (RFC 3986).
    public static func percentEncode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF")
                out += "%" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 15)])
            }
        }
        return out
    }

    /// Decodes percent-escapes; nil when malformed or not UTF-8.
    public static func percentDecode<S: StringProtocol>(_ text: S) -> String? {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next(), let low = iterator.next(),
                      let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) else { return nil }
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
