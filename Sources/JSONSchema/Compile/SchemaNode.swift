/// A compiled schema object (or boolean schema) in the node table of a ``JSONSchema``.
struct SchemaNode: Sendable {
    /// Compiled keywords in evaluation order (`unevaluated*` last).
    var keywords: [Keyword] = []
    /// `true`/`false` for boolean schemas, `nil` for schema objects.
    var boolean: Bool?
    /// Index of the schema resource (the nearest `$id`) the node belongs to, for the dynamic scope.
    var resource: Int = 0
    /// `<resource URI>#<pointer>` of the node when its resource URI is absolute.
    var absoluteLocation: String?
    /// Whether the node uses `unevaluatedItems`/`unevaluatedProperties` and therefore needs
    /// annotations from its in-place applicators.
    var needsAnnotations = false
}
