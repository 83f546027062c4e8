/// A compiled JSON Schema (draft 2020-12 or draft-07) ready to validate instances.
///
/// Compiling resolves `$id`, `$ref`, `$anchor`, `$dynamicRef`/`$dynamicAnchor` (against the schema
/// itself, ``ValidatorOptions/remotes`` and the built-in meta-schemas), checks every keyword value
/// and pre-compiles regular expressions; validating never re-reads the schema JSON.
///
/// ```swift
/// let schema = try JSONSchema(json: """
///     {"type": "object", "required": ["name"], "properties": {"port": {"type": "integer", "maximum": 65535}}}
///     """)
/// let result = schema.validate(try JSONValue(parsing: #"{"port": 70000}"#))
/// for error in result.errors { print(error) }
/// // (root): required property "name" is missing (at /required)
/// // /port: value 70000 is greater than maximum 65535 (at /properties/port/maximum)
/// schema.isValid(["name": "plug", "port": 8080])   // true
/// ```
///
/// ## Cost
/// Compilation is linear in the size of the schema plus referenced remotes (each location is
/// compiled once; regexes are compiled once). Validation walks a table of enum-encoded nodes:
/// roughly O(size of instance × keywords applied to each part), with `uniqueItems` hashing
/// (O(n)), `patternProperties` costing one regex search per property and pattern, and `anyOf`/
/// `oneOf`/`contains` evaluating several branches. Annotation sets for `unevaluated*` are only
/// built beneath schemas that use those keywords. ``isValid(_:)`` stops at the first failure and
/// builds no error locations, so it is the fast path; ``validate(_:)`` collects every error.
/// A compiled schema is immutable and `Sendable`: compile once, share across tasks.
public struct JSONSchema: Sendable {
    private let nodes: [SchemaNode]
    private let resources: [SchemaResource]
    private let root: NodeID
    /// The options the schema was compiled with.
    public let options: ValidatorOptions
    /// The draft of the root schema (from `$schema`, else ``ValidatorOptions/defaultDraft``).
    public let draft: Draft

    /// Compiles a schema.
    ///
    /// - Throws: ``SchemaError`` for invalid keyword values (e.g. `"type": 5`, `"minimum": "x"`),
    ///   invalid regular expressions, unresolvable references, unsupported `$schema` values and
    ///   reference loops that never consume the instance (e.g. `{"$ref": "#"}`).
    public init(_ schema: JSONValue, options: ValidatorOptions = .init()) throws(SchemaError) {
        let output = try SchemaCompiler.compile(schema, options: options)
        nodes = output.nodes
        resources = output.resources
        root = output.root
        draft = output.draft
        self.options = options
    }

    /// Parses JSON text and compiles it as a schema.
    ///
    /// - Throws: ``SchemaError``; JSON syntax errors are reported with their line and column.
    public init(json: String, options: ValidatorOptions = .init()) throws(SchemaError) {
        try self.init(JSONSchema.parse { () throws(JSONParseError) in try JSONValue(parsing: json) }, options: options)
    }

    /// Parses UTF-8 JSON bytes and compiles them as a schema.
    ///
    /// - Throws: ``SchemaError``; JSON syntax errors are reported with their line and column.
    public init(json bytes: some Collection<UInt8>, options: ValidatorOptions = .init()) throws(SchemaError) {
        try self.init(JSONSchema.parse { () throws(JSONParseError) in try JSONValue(parsing: bytes) }, options: options)
    }

    private static func parse(_ body: () throws(JSONParseError) -> JSONValue) throws(SchemaError) -> JSONValue {
        do {
            return try body()
        } catch {
            throw SchemaError(keywordLocation: "", message: "schema is not valid JSON: \(error)")
        }
    }

    /// Validates `instance` and returns every error found.
    public func validate(_ instance: JSONValue) -> ValidationResult {
        var evaluator = Evaluator(nodes: nodes, resources: resources, maxRefDepth: options.maxRefDepth, reporting: true)
        var annotations = Annotations()
        let valid = evaluator.evaluate(root, instance, &annotations, collect: false)
        if !valid && evaluator.errors.isEmpty {
            return ValidationResult(errors: [ValidationError(instanceLocation: "", keywordLocation: "", message: "value does not match the schema")])
        }
        return ValidationResult(errors: evaluator.errors)
    }

    /// Whether `instance` is valid; stops at the first failure and records no errors.
    public func isValid(_ instance: JSONValue) -> Bool {
        var evaluator = Evaluator(nodes: nodes, resources: resources, maxRefDepth: options.maxRefDepth, reporting: false)
        var annotations = Annotations()
        return evaluator.evaluate(root, instance, &annotations, collect: false)
    }
}
