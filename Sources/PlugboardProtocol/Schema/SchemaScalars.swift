/// The schemas and sample values of the types the derivation knows without asking them.
enum SchemaScalars {
    /// The sample a string-reading `init(from:)` gets: not empty, so that most validating types accept it.
    static let sampleString = "a"

    /// The schema and a sample value of a primitive, or nil for any other type.
    static func scalar<T>(_ type: T.Type) -> (AnyJSON, T)? {
        let string: AnyJSON = .object(["type": .string("string")])
        switch type {
        case is String.Type: return (string, sampleString as! T)
        case is Bool.Type: return (.object(["type": .string("boolean")]), false as! T)
        case is Double.Type: return (.object(["type": .string("number")]), Double(0) as! T)
        case is Float.Type: return (.object(["type": .string("number")]), Float(0) as! T)
        case is Base64Bytes.Type: return (bytes, Base64Bytes([]) as! T)
        case is RawJSON.Type: return (.object([:]), RawJSON("null") as! T)
        default: break
        }
        guard let integer = type as? any FixedWidthInteger.Type else { return nil }
        return (integerSchema(integer), zero(integer) as! T)
    }

    private static let bytes: AnyJSON = .object(["type": .string("string"), "contentEncoding": .string("base64")])

    private static func zero<I: FixedWidthInteger>(_ type: I.Type) -> I { 0 }

    private static func integerSchema<I: FixedWidthInteger>(_ type: I.Type) -> AnyJSON {
        var schema: [String: AnyJSON] = ["type": .string("integer")]
        if I.bitWidth < 64 {
            schema["minimum"] = .integer(Int64(I.min))
            schema["maximum"] = .integer(Int64(I.max))
        } else if !I.isSigned {
            schema["minimum"] = .integer(0)
        }
        return .object(schema)
    }

    /// Foundation's `Data` (base64), `URL` (a string) and `Decimal` (a number), as the wire coder writes them.
    static func special(_ special: WireSpecialType) -> AnyJSON {
        switch special {
        case .data: bytes
        case .url: .object(["type": .string("string")])
        case .decimal: .object(["type": .string("number")])
        }
    }

    /// `{"type": "string", "enum": [...]}` and the first case, for an enum with String or integer raw values.
    static func enumeration(_ type: any (CaseIterable & RawRepresentable).Type) -> (AnyJSON, Any)? {
        cases(type)
    }

    private static func cases<E: CaseIterable & RawRepresentable>(_ type: E.Type) -> (AnyJSON, Any)? {
        guard let first = E.allCases.first else { return nil }
        var values: [AnyJSON] = []
        var kind = "string"
        for value in E.allCases {
            switch value.rawValue {
            case let string as String: values.append(.string(string))
            case let integer as any BinaryInteger:
                guard let exact = Int64(exactly: integer) else { return nil }
                values.append(.integer(exact))
                kind = "integer"
            default: return nil
            }
        }
        return (.object(["type": .string(kind), "enum": .array(values)]), first)
    }

    /// nil, `[]` or `[:]` for the types that have them, else nil.
    static func empty<T>(_ type: T.Type) -> T? {
        if let optional = type as? any ExpressibleByNilLiteral.Type { return makeNil(optional) as? T }
        if let array = type as? any ExpressibleByArrayLiteral.Type { return makeArray(array) as? T }
        if let dictionary = type as? any ExpressibleByDictionaryLiteral.Type { return makeDictionary(dictionary) as? T }
        return nil
    }

    private static func makeNil<N: ExpressibleByNilLiteral>(_ type: N.Type) -> N { nil }
    private static func makeArray<A: ExpressibleByArrayLiteral>(_ type: A.Type) -> A { [] }
    private static func makeDictionary<D: ExpressibleByDictionaryLiteral>(_ type: D.Type) -> D { [:] }
}
