/// A position inside one of the schema documents known to a ``SchemaRegistry``:
/// the document's index and the JSON Pointer tokens from the document root.
struct SchemaLocation: Sendable, Hashable {
    let document: Int
    let pointer: [String]

    /// The location of `token` below this one.
    func appending(_ token: String) -> SchemaLocation {
        SchemaLocation(document: document, pointer: pointer + [token])
    }

    /// The pointer as JSON Pointer text, e.g. `/properties/name`.
    var pointerText: String { JSONPointer.join(pointer) }
}
