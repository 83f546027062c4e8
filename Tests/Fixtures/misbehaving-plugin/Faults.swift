#if canImport(Glibc)
import Glibc
#endif

/// The faults the plugin injects on its own, read from its environment:
/// - `FIXTURE_CRASH_RATE=P` (0 ≤ P ≤ 1): each `POST /process` exits the process with status 3, before answering,
///   with probability P;
/// - `FIXTURE_CRASH_AFTER_MS=LOW-HIGH`: the process exits with status 3 at a random moment between LOW and HIGH ms
///   after its first `POST /process` (so always after the host found it ready), whether or not a call is in flight.
struct Faults: Sendable {
    /// The probability that a `POST /process` crashes the process; 0: never.
    var crashRate: Double = 0
    /// When, in milliseconds after the first `POST /process`, the process exits by itself; nil: never.
    var crashAfter: ClosedRange<Int>?

    /// A malformed variable: the plugin says which and exits 2, so a typo never silently turns a fault off.
    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    /// Reads the variables; absent ones inject nothing.
    static func fromEnvironment() throws(Malformed) -> Faults {
        var faults = Faults()
        if let text = variable("FIXTURE_CRASH_RATE") {
            guard let rate = Double(text), rate >= 0, rate <= 1 else {
                throw Malformed(description: "FIXTURE_CRASH_RATE must be a probability from 0 to 1, got \"\(text)\"")
            }
            faults.crashRate = rate
        }
        if let text = variable("FIXTURE_CRASH_AFTER_MS") {
            let bounds = text.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
            guard bounds.count == 2, let low = bounds[0], let high = bounds[1], low >= 0, low <= high else {
                throw Malformed(description: "FIXTURE_CRASH_AFTER_MS must be LOW-HIGH in milliseconds, e.g. 50-400, got \"\(text)\"")
            }
            faults.crashAfter = low...high
        }
        return faults
    }

    private static func variable(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}
