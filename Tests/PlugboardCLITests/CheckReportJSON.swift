import PlugboardProtocol
import PlugboardTestSupport
import Testing

/// `plugboard check --json`.
struct CheckReportJSON: Decodable {
    struct Step: Decodable {
        var step: String
        var passed: Bool
        var outcome: String
        var detail: String
    }

    var passed: Bool
    var warnings: Int
    var steps: [Step]

    func steps(_ outcome: String) -> [String] { steps.filter { $0.outcome == outcome }.map(\.step) }
}
