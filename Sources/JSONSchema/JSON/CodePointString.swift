/// A `String` compared and hashed by its Unicode scalars (code points).
///
/// Swift's `String` equality uses canonical equivalence (`"é" == "e\u{301}"`), but JSON
/// compares strings code point by code point; object keys and string values use this wrapper.
struct CodePointString: Sendable, Hashable {
    let string: String

    init(_ string: String) {
        self.string = string
    }

    static func == (lhs: CodePointString, rhs: CodePointString) -> Bool {
        lhs.string.utf8.elementsEqual(rhs.string.utf8)
    }

    func hash(into hasher: inout Hasher) {
        Self.hash(string, into: &hasher)
    }

    /// Feeds the UTF-8 bytes of `string` (an exact encoding of its code points) to `hasher`.
    static func hash(_ string: String, into hasher: inout Hasher) {
        var string = string
        string.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        hasher.combine(string.utf8.count)
    }
}
