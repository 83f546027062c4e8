/// One step of `plugboard check`: passed, passed with a warning (a deviation the host tolerates), or failed.
struct CheckStep: Encodable, Sendable {
    /// How a step ended.
    enum Outcome: String, Encodable, Sendable {
        case pass, warn, fail
    }

    var step: String
    var outcome: Outcome
    var detail: String

    /// Whether the step did not fail (a warning passes, except under `--strict`).
    var passed: Bool { outcome != .fail }

    static func pass(_ step: String, _ detail: String) -> CheckStep { CheckStep(step: step, outcome: .pass, detail: detail) }
    static func warn(_ step: String, _ detail: String) -> CheckStep { CheckStep(step: step, outcome: .warn, detail: detail) }
    static func fail(_ step: String, _ detail: String) -> CheckStep { CheckStep(step: step, outcome: .fail, detail: detail) }

    var line: String { "\(outcome.rawValue.uppercased())  \(step): \(detail)" }

    enum CodingKeys: String, CodingKey { case step, passed, outcome, detail }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(step, forKey: .step)
        try container.encode(passed, forKey: .passed)
        try container.encode(outcome, forKey: .outcome)
        try container.encode(detail, forKey: .detail)
    }
}
