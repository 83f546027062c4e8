/// A schema resource (a schema with its own base URI) as seen at validation time.
struct SchemaResource: Sendable {
    /// The resource's base URI (may be empty for a root schema without `$id`).
    let uri: String
    /// Compiled `$dynamicAnchor`s of the resource, by anchor name.
    var dynamicAnchors: [String: NodeID] = [:]
}
