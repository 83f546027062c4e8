/// A duration as Go's `time.Duration` puts it on the wire: integer nanoseconds.
///
/// Decoding also accepts Go's string form (`"5m"`, `"1h30m"`, `"250ms"`, `"1.5s"`), so a config written by hand
/// works too. Encoding always writes integer nanoseconds, which a Go plugin's `json.Unmarshal` reads.
///
/// ```swift
/// let timeout = try GoDuration(parsing: "1h30m")
/// timeout.duration == .seconds(5400)
/// ```
public struct GoDuration: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The length in nanoseconds.
    public var nanoseconds: Int64

    /// Creates a duration from nanoseconds.
    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    /// Creates a duration from a Swift `Duration` (rounded down to whole nanoseconds).
    public init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self.nanoseconds = seconds &* 1_000_000_000 &+ attoseconds / 1_000_000_000
    }

    /// The value as a Swift `Duration`.
    public var duration: Duration { .nanoseconds(nanoseconds) }

    /// Parses Go's duration syntax: a sequence of decimal numbers with units `ns`, `us`, `µs`, `ms`, `s`, `m`, `h`,
    /// optionally signed, e.g. `"300ms"`, `"-1.5h"`, `"2h45m"`. `"0"` alone is allowed.
    public init(parsing text: String) throws(ProtocolError) {
        var scalars = Substring(text)
        var negative = false
        if scalars.first == "-" || scalars.first == "+" {
            negative = scalars.first == "-"
            scalars = scalars.dropFirst()
        }
        if scalars == "0" { self.nanoseconds = 0; return }
        guard !scalars.isEmpty else { throw .invalidDuration(text, reason: "empty") }
        var total: Double = 0
        while !scalars.isEmpty {
            let number = scalars.prefix { $0.isNumber || $0 == "." }
            guard !number.isEmpty, let value = Double(number) else {
                throw .invalidDuration(text, reason: "expected a number at \"\(scalars)\"")
            }
            scalars = scalars.dropFirst(number.count)
            let unit = scalars.prefix { !($0.isNumber || $0 == ".") }
            scalars = scalars.dropFirst(unit.count)
            let scale: Double
            switch unit {
            case "ns": scale = 1
            case "us", "µs", "μs": scale = 1e3
            case "ms": scale = 1e6
            case "s": scale = 1e9
            case "m": scale = 60e9
            case "h": scale = 3600e9
            case "": throw .invalidDuration(text, reason: "missing unit after \(number)")
            default: throw .invalidDuration(text, reason: "unknown unit \"\(unit)\"")
            }
            total += value * scale
        }
        guard total <= Double(Int64.max) else { throw .invalidDuration(text, reason: "out of range") }
        self.nanoseconds = Int64(total.rounded()) * (negative ? -1 : 1)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Int64.self) {
            self.nanoseconds = value
            return
        }
        guard let text = try? container.decode(String.self) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a duration: integer nanoseconds or a string such as \"5m\"")
        }
        do {
            self.nanoseconds = try GoDuration(parsing: text).nanoseconds
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(nanoseconds)
    }

    /// Go's string form, e.g. `1m30s`, `250ms`.
    public var description: String {
        var ns = nanoseconds
        if ns == 0 { return "0s" }
        var out = ""
        if ns < 0 { out = "-"; ns = -ns }
        if ns < 1_000_000_000 {
            if ns % 1_000_000 == 0 { return out + "\(ns / 1_000_000)ms" }
            if ns % 1_000 == 0 { return out + "\(ns / 1_000)µs" }
            return out + "\(ns)ns"
        }
        let hours = ns / 3_600_000_000_000
        ns -= hours * 3_600_000_000_000
        let minutes = ns / 60_000_000_000
        ns -= minutes * 60_000_000_000
        if hours > 0 { out += "\(hours)h" }
        if hours > 0 || minutes > 0 { out += "\(minutes)m" }
        let seconds = ns / 1_000_000_000
        let fraction = ns % 1_000_000_000
        if fraction == 0 {
            out += "\(seconds)s"
        } else {
            var digits = String(fraction)
            digits = String(repeating: "0", count: 9 - digits.count) + digits
            while digits.hasSuffix("0") { digits.removeLast() }
            out += "\(seconds).\(digits)s"
        }
        return out
    }
}
