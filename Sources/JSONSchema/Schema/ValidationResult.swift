/// The outcome of ``JSONSchema/validate(_:)``: validity plus every error found.
public struct ValidationResult: Sendable, Hashable {
    /// All errors, in evaluation order. Empty exactly when ``isValid`` is `true`.
    public let errors: [ValidationError]

    /// Whether the instance conforms to the schema.
    public var isValid: Bool { errors.isEmpty }

    /// Creates a result from its errors.
    public init(errors: [ValidationError]) {
        self.errors = errors
    }
}
