/// Where a JSON value sits in a document, and what kind it is, found without building a tree.
struct JSONSlice {
    enum Kind: Equatable {
        case object, array, string, number, bool, null

        var name: String {
            switch self {
            case .object: "an object"
            case .array: "an array"
            case .string: "a string"
            case .number: "a number"
            case .bool: "a boolean"
            case .null: "null"
            }
        }
    }

    /// The offset of the value's first byte.
    var start: Int
    /// The offset just past the value's last byte, or -1 when not scanned yet.
    var end: Int
    var kind: Kind
    /// For a scanned string: whether it has no escapes, so its bytes between the quotes are its UTF-8.
    var plain: Bool = false
}
