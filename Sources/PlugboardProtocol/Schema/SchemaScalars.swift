/// The schemas and sample values of the types the derivation knows without asking them.
enum SchemaScalars {
    /// The sample a string-reading `init(from:)` gets: not empty, so that most validating types accept it.
    static let sampleString = "a"

    /// The schema and a sample value of a primitive other than an integer (``SchemaBuiltin`` has those), or nil
    /// for any other type. Compares types only: no conformance check.
    static func scalar<T>(_ type: T.Type) -> (AnyJSON, T)? {
        if T.self == String.self { return (.object(["type": .string("string")]), sampleString as! T) }
        if T.self == Bool.self { return (.object(["type": .string("boolean")]), false as! T) }
        if T.self == Double.self { return (.object(["type": .string("number")]), Double(0) as! T) }
        if T.self == Float.self { return (.object(["type": .string("number")]), Float(0) as! T) }
        if T.self == Base64Bytes.self { return (bytes, Base64Bytes([]) as! T) }
        if T.self == RawJSON.self { return (.object([:]), RawJSON("null") as! T) }
        return nil
    }

    private static let bytes: AnyJSON = .object(["type": .string("string"), "contentEncoding": .string("base64")])

    /// `{"type": "integer"}`, with the bounds of a type narrower than 64 bits (and `minimum: 0` when unsigned).
    static func integerSchema<I: FixedWidthInteger>(_ type: I.Type) -> AnyJSON {
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
}
