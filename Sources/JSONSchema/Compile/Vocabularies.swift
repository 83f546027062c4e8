/// The vocabularies whose keywords are evaluated, as declared by a meta-schema's `$vocabulary`.
struct Vocabularies: OptionSet, Sendable, Hashable {
    let rawValue: UInt8

    static let applicator = Vocabularies(rawValue: 1 << 0)
    static let validation = Vocabularies(rawValue: 1 << 1)
    static let unevaluated = Vocabularies(rawValue: 1 << 2)
    static let formatAssertion = Vocabularies(rawValue: 1 << 3)

    /// Everything the standard meta-schemas enable (format stays an annotation).
    static let standard: Vocabularies = [.applicator, .validation, .unevaluated]

    /// The vocabularies listed in a `$vocabulary` object.
    init(declaredBy vocabulary: JSONObject) {
        var result: Vocabularies = []
        for (uri, _) in vocabulary {
            switch uri.split(separator: "/").last {
            case "applicator": result.insert(.applicator)
            case "validation": result.insert(.validation)
            case "unevaluated": result.insert(.unevaluated)
            case "format-assertion": result.insert(.formatAssertion)
            default: break
            }
        }
        self = result
    }

    init(rawValue: UInt8) {
        self.rawValue = rawValue
    }
}
