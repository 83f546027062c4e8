/// Settings for compiling and evaluating a ``JSONSchema``.
public struct ValidatorOptions: Sendable {
    /// Whether `format` is an assertion (`true`) or only an annotation (`false`, the default
    /// as the specification prescribes). Asserted formats: `date-time`, `date`, `time`, `duration`,
    /// `email`, `idn-email`, `hostname`, `idn-hostname` (without the RFC 5892 contextual rules), `ipv4`, `ipv6`, `uri`, `uri-reference`, `iri`,
    /// `iri-reference`, `uri-template`, `uuid`, `regex`, `json-pointer`, `relative-json-pointer`.
    /// Unknown formats are always ignored.
    public var formatAssertion: Bool

    /// The draft used when a schema has no `$schema` keyword.
    public var defaultDraft: Draft

    /// Schemas that remote references may use, keyed by absolute URI
    /// (e.g. `https://example.com/address.json`). The validator never fetches anything:
    /// a `$ref` to a URI that is neither here, inside the schema, nor a built-in meta-schema
    /// is a ``SchemaError``.
    public var remotes: [String: JSONValue]

    /// The deepest chain of `$ref`/`$dynamicRef` hops followed during one validation
    /// before the evaluation is reported as an error (guards against reference loops
    /// that compile-time detection cannot see and against hostile, very deep instances).
    public var maxRefDepth: Int

    /// Creates options; every parameter has a default.
    public init(
        formatAssertion: Bool = false,
        defaultDraft: Draft = .draft2020_12,
        remotes: [String: JSONValue] = [:],
        maxRefDepth: Int = 512
    ) {
        self.formatAssertion = formatAssertion
        self.defaultDraft = defaultDraft
        self.remotes = remotes
        self.maxRefDepth = maxRefDepth
    }
}
