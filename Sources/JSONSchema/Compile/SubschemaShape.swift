/// How a keyword holds subschemas, used to walk schema documents without descending
/// into non-schema values such as `enum` or `const`.
enum SubschemaShape {
    /// The keyword value is a schema (`not`, `items`, ...).
    case single
    /// An array of schemas (`allOf`, `prefixItems`, ...).
    case array
    /// An object whose values are schemas (`properties`, `$defs`, ...).
    case map
    /// A schema or an array of schemas (draft-07 `items`).
    case singleOrArray
    /// An object whose values are schemas or string arrays (draft-07 `dependencies`).
    case mapOfSchemasOrArrays

    /// The shape of `keyword` in `draft`, or `nil` when the keyword holds no subschemas.
    static func of(_ keyword: String, draft: Draft) -> SubschemaShape? {
        switch (keyword, draft) {
        case ("additionalProperties", _), ("propertyNames", _), ("contains", _), ("not", _),
             ("if", _), ("then", _), ("else", _):
            .single
        case ("allOf", _), ("anyOf", _), ("oneOf", _):
            .array
        case ("properties", _), ("patternProperties", _):
            .map
        case ("items", .draft2020_12), ("unevaluatedItems", .draft2020_12), ("unevaluatedProperties", .draft2020_12):
            .single
        case ("prefixItems", .draft2020_12):
            .array
        case ("$defs", .draft2020_12), ("dependentSchemas", .draft2020_12), ("definitions", _):
            .map
        case ("items", .draft7):
            .singleOrArray
        case ("additionalItems", .draft7):
            .single
        case ("dependencies", .draft7):
            .mapOfSchemasOrArrays
        default:
            nil
        }
    }

    /// The subschemas inside `value` with the pointer token below the keyword (`nil` for `.single`).
    func subschemas(in value: JSONValue) -> [(token: String?, schema: JSONValue)] {
        switch (self, value) {
        case (.single, _), (.singleOrArray, .object), (.singleOrArray, .bool):
            return [(nil, value)]
        case (.array, .array(let array)), (.singleOrArray, .array(let array)):
            return array.enumerated().map { (String($0.offset), $0.element) }
        case (.map, .object(let object)):
            return object.map { ($0.key, $0.value) }
        case (.mapOfSchemasOrArrays, .object(let object)):
            return object.compactMap { member in
                if case .array = member.value { return nil }
                return (member.key, member.value)
            }
        default:
            return []
        }
    }
}
