/// A JSON object that remembers the order in which its keys were first inserted.
///
/// Keys are compared by code point (not by Swift's canonical equivalence).
/// Equality and hashing ignore key order, as JSON object equality requires;
/// iteration and serialization follow insertion order, so output is deterministic.
public struct JSONObject: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    /// The keys in insertion order.
    public private(set) var keys: [String]
    private var storage: [CodePointString: JSONValue]

    /// Creates an empty object.
    public init() {
        keys = []
        storage = [:]
    }

    /// Creates an object from key/value pairs; a repeated key keeps its first position and last value.
    public init(_ pairs: some Sequence<(String, JSONValue)>) {
        self.init()
        for (key, value) in pairs { self[key] = value }
    }

    /// Creates an object from a dictionary literal.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements)
    }

    /// The number of members.
    public var count: Int { keys.count }

    /// Whether the object has no members.
    public var isEmpty: Bool { keys.isEmpty }

    /// The value for `key`; assigning `nil` removes the member.
    public subscript(key: String) -> JSONValue? {
        get { storage[CodePointString(key)] }
        set {
            if let newValue {
                if storage.updateValue(newValue, forKey: CodePointString(key)) == nil { keys.append(key) }
            } else if storage.removeValue(forKey: CodePointString(key)) != nil {
                keys.removeAll { $0.utf8.elementsEqual(key.utf8) }
            }
        }
    }

    /// Iterates members in insertion order.
    public func makeIterator() -> Iterator {
        Iterator(object: self)
    }

    /// An iterator over an object's members in insertion order.
    public struct Iterator: IteratorProtocol {
        let object: JSONObject
        var index = 0

        /// The next `(key, value)` member, or `nil` at the end.
        public mutating func next() -> (key: String, value: JSONValue)? {
            guard index < object.keys.count else { return nil }
            let key = object.keys[index]
            index += 1
            return (key: key, value: object.storage[CodePointString(key)]!)
        }
    }

    /// Order-independent equality.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.storage == rhs.storage
    }

    /// Order-independent hashing.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(storage)
    }
}
