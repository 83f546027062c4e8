/// `minimum`, `maximum`, `exclusiveMinimum` or `exclusiveMaximum`.
struct NumericBound: Sendable {
    enum Kind: Sendable {
        case minimum, maximum, exclusiveMinimum, exclusiveMaximum

        var keyword: String {
            switch self {
            case .minimum: "minimum"
            case .maximum: "maximum"
            case .exclusiveMinimum: "exclusiveMinimum"
            case .exclusiveMaximum: "exclusiveMaximum"
            }
        }
    }

    let kind: Kind
    let limit: JSONNumber

    func accepts(_ value: JSONNumber) -> Bool {
        switch kind {
        case .minimum: value >= limit
        case .maximum: value <= limit
        case .exclusiveMinimum: value > limit
        case .exclusiveMaximum: value < limit
        }
    }
}
