import Instrumentation

/// Writes what a tracer injects (W3C `traceparent` and `tracestate`, with OpenTelemetry) as request header lines,
/// `name: value\r\n` each. A name that is not an HTTP token, or a value holding a control character, is left out:
/// no instrument can split a request.
struct HeaderLinesInjector: Injector {
    func inject(_ value: String, forKey key: String, into carrier: inout [UInt8]) {
        guard !key.isEmpty, key.utf8.allSatisfy(Self.isTokenByte), value.utf8.allSatisfy({ $0 >= 0x20 && $0 != 0x7F }) else { return }
        carrier.append(contentsOf: key.utf8)
        carrier.append(contentsOf: ": ".utf8)
        carrier.append(contentsOf: value.utf8)
        carrier.append(contentsOf: "\r\n".utf8)
    }

    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        default: "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }
}
