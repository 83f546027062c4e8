/// JSON Schemas (draft 2020-12) derived from `Codable` types, matching what ``WireJSON`` reads.
///
/// The schema is read off the type's own `init(from:)`: a probing decoder records every key it asks for and the
/// type it asks for it as, so a hand-written `init(from:)` is followed as faithfully as a synthesized one (a key
/// read with `decodeIfPresent` is optional, whatever the property's type).
///
/// | Swift | schema |
/// | --- | --- |
/// | `String`, `Bool`, `Double`, `Float` | `{"type": "string"}`, `"boolean"`, `"number"` |
/// | `Int`, `Int64`, `UInt8`, ... | `{"type": "integer"}`, with `minimum`/`maximum` for types narrower than 64 bits (and `minimum: 0` for unsigned) |
/// | `Base64Bytes`, `Data` | `{"type": ["string", "null"], "contentEncoding": "base64"}` (`null` reads as no bytes) |
/// | `T?` read with `decodeIfPresent` | not in `required`, and `null` allowed |
/// | `[T]`, `Set<T>` | `{"type": "array", "items": ...}` |
/// | `[String: T]` | `{"type": "object", "additionalProperties": ...}` |
/// | a struct | `{"type": "object", "properties": {...}, "required": [...]}`; unknown keys are allowed, as the decoder ignores them |
/// | an enum with `String` or `Int` raw values that is `CaseIterable` | `{"type": "string", "enum": [...]}` |
/// | a type that refers to itself (through `T?`, `[T]` or `[String: T]`) | a `$ref` into `$defs` |
/// | ``RawJSON`` | `{}` (any JSON) |
/// | ``WireSchemaProviding`` | its own ``WireSchemaProviding/wireSchema`` |
///
/// Limits: a type whose `init(from:)` tries one shape and then another (`try?` a string, else an object) is seen
/// as the first shape it tries; an enum with associated values, a `RawRepresentable` enum that is not `CaseIterable`, or a type whose
/// `init(from:)` rejects sample values (`""`-like strings, `0`, `false`, empty arrays) cannot be derived: conform it
/// to ``WireSchemaProviding``. A key the type checks with `contains(_:)` is optional.
/// The integers, `Optional`, arrays, sets and dictionaries recognised are the standard library's own: a type of your
/// own that is a `FixedWidthInteger` or `ExpressibleByArrayLiteral` is derived from its `init(from:)` like a struct.
/// Validation rules a type enforces in code (ranges, formats) are not in the schema.
///
/// ```swift
/// let schema = try WireSchema.derive(ProcessRequest.self)
/// // {"properties":{"data":{"contentEncoding":"base64","type":["string","null"]},"format":{"type":["string","null"]}},"required":["data"],"type":"object"}
/// ```
public enum WireSchema {
    /// The schema of `type` as compact JSON, keys sorted.
    ///
    /// - Throws: ``WireSchemaError`` naming the type and the JSON path where derivation stopped.
    public static func derive<T: Decodable>(_ type: T.Type) throws(WireSchemaError) -> RawJSON {
        let recorder = SchemaRecorder()
        let root = SchemaNode()
        do {
            _ = try recorder.value(T.self, into: root, at: [])
        } catch let error as WireSchemaError {
            throw error
        } catch {
            throw WireSchemaError(type: "\(T.self)", path: "$", reason: "its init(from:) threw \(error)")
        }
        var schema = root.json(recorder)
        if !recorder.definitions.isEmpty, case .object(var members) = schema {
            members["$defs"] = .object(recorder.definitions.mapValues { $0.json(recorder) })
            schema = .object(members)
        }
        do {
            return RawJSON(try WireJSON.encode(schema))
        } catch {
            throw WireSchemaError(type: "\(T.self)", path: "$", reason: "the schema does not encode: \(error)")
        }
    }
}
