/// How the calls of a load run ended: answered as expected, answered with something else, or failed (by the name of
/// the `PluginError` code, e.g. `crashed`, or with an error of another kind), with the first message of each kind.
public struct CallOutcomes: Codable, Sendable, Hashable, CustomStringConvertible {
    /// Calls answered as expected.
    public var succeeded = 0
    /// Calls answered with something else.
    public var wrongAnswers = 0
    /// The first wrong answer.
    public var firstWrongAnswer: String?
    /// Calls that failed with a `PluginError`, by its code's name.
    public var failures: [String: Int] = [:]
    /// The first message seen for each code.
    public var firstMessages: [String: String] = [:]
    /// Calls that failed with an error that is no `PluginError`.
    public var otherErrors = 0
    /// The first of those.
    public var firstOtherError: String?

    /// No call yet.
    public init() {}

    /// How many calls ended, however they ended.
    public var ended: Int { succeeded + wrongAnswers + failures.values.reduce(0, +) + otherErrors }

    /// How many calls failed with the code named `code`.
    public subscript(code: String) -> Int { failures[code, default: 0] }

    /// The names of the codes some call failed with that are not in `allowed`, sorted.
    public func failures(outside allowed: Set<String>) -> [String] {
        failures.keys.filter { !allowed.contains($0) }.sorted()
    }

    /// Records a call answered as expected.
    public mutating func recordSuccess() {
        succeeded += 1
    }

    /// Records a call answered with `answer`, which is not what was expected.
    public mutating func recordWrongAnswer(_ answer: String) {
        wrongAnswers += 1
        if firstWrongAnswer == nil { firstWrongAnswer = answer }
    }

    /// Records a call that failed with a `PluginError` of the code named `code`.
    public mutating func recordFailure(code: String, message: String) {
        failures[code, default: 0] += 1
        if firstMessages[code] == nil { firstMessages[code] = message }
    }

    /// Records a call that failed with an error that is no `PluginError`.
    public mutating func recordOtherError(_ description: String) {
        otherErrors += 1
        if firstOtherError == nil { firstOtherError = description }
    }

    public var description: String {
        var parts = ["\(ended) calls ended", "\(succeeded) succeeded"]
        parts += failures.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
        if let first = firstWrongAnswer { parts.append("\(wrongAnswers) wrong answers, first: \(first)") }
        if let first = firstOtherError { parts.append("\(otherErrors) errors that are no PluginError, first: \(first)") }
        return parts.joined(separator: ", ") + firstMessages.sorted { $0.key < $1.key }.map { "\n  first \($0.key): \($0.value)" }.joined()
    }
}
