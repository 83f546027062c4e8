/// Any JSON value, decoded and re-encoded without loss of structure. Used to carry embedded documents (and, in
/// PlugboardContracts, the any-valued maps of Go's contract types).
package enum AnyJSON: Codable, Hashable, Sendable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([AnyJSON])
    case object([String: AnyJSON])

    package init(from decoder: any Decoder) throws {
        try self.init(from: decoder, kind: nil)
    }

    /// Decodes the value whose `kind` the decoder already knows (``WireDecoder`` does), so that the attempts that
    /// would fail, each a `DecodingError` built and thrown, are skipped: they were most of what reading the
    /// schemas of a capabilities document cost. With no kind, each shape is tried in turn.
    init(from decoder: any Decoder, kind: JSONSlice.Kind?) throws {
        // Its schema is given (`wireSchema`); a derivation's sample containers would recurse into it for ever.
        if WireSchema.isDeriving(decoder) {
            self = .null
            return
        }
        if kind == nil || kind == .array, var array = try? decoder.unkeyedContainer() {
            var items: [AnyJSON] = []
            while !array.isAtEnd { items.append(try array.decode(AnyJSON.self)) }
            self = .array(items)
            return
        }
        if kind == nil || kind == .object, let object = try? decoder.container(keyedBy: AnyKey.self) {
            var items: [String: AnyJSON] = [:]
            for key in object.allKeys { items[key.stringValue] = try object.decode(AnyJSON.self, forKey: key) }
            self = .object(items)
            return
        }
        let single = try decoder.singleValueContainer()
        if single.decodeNil() { self = .null }
        else if kind == nil || kind == .bool, let value = try? single.decode(Bool.self) { self = .bool(value) }
        else if kind == nil || kind == .number, let value = try? single.decode(Int64.self) { self = .integer(value) }
        else if kind == nil || kind == .number, let value = try? single.decode(Double.self) { self = .number(value) }
        else { self = .string(try single.decode(String.self)) }
    }

    package func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var single = encoder.singleValueContainer()
            try single.encodeNil()
        case .bool(let value):
            var single = encoder.singleValueContainer()
            try single.encode(value)
        case .integer(let value):
            var single = encoder.singleValueContainer()
            try single.encode(value)
        case .number(let value):
            var single = encoder.singleValueContainer()
            try single.encode(value)
        case .string(let value):
            var single = encoder.singleValueContainer()
            try single.encode(value)
        case .array(let items):
            var array = encoder.unkeyedContainer()
            for item in items { try array.encode(item) }
        case .object(let items):
            var object = encoder.container(keyedBy: AnyKey.self)
            // Sorted, so that a schema prints the same way every time.
            for key in items.keys.sorted() { try object.encode(items[key]!, forKey: AnyKey(stringValue: key)) }
        }
    }

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

extension AnyJSON: WireSchemaProviding {
    /// Any JSON value: the empty schema.
    package static var wireSchema: RawJSON { "{}" }
}
