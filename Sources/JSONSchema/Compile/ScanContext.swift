/// What applies at a schema location: its base URI, draft and enabled vocabularies.
struct ScanContext: Sendable, Hashable {
    /// The base URI (without fragment) used to resolve references; may be empty.
    var base: String
    var draft: Draft
    var vocabularies: Vocabularies
    /// The `$id` of the enclosing resource (equal to `base` in practice).
    var resource: String
}
