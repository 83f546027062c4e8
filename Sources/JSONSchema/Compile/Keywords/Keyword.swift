/// Index of a ``SchemaNode`` in a compiled schema's node table.
typealias NodeID = Int

/// One compiled keyword of a schema object. Validation switches over these cases;
/// no keyword strings are looked up while validating.
enum Keyword: Sendable {
    case type(JSONTypeSet)
    case enumeration([JSONValue])
    case const(JSONValue)
    case multipleOf(JSONNumber)
    case bound(NumericBound)
    case maxLength(Int)
    case minLength(Int)
    case pattern(ECMARegex)
    case format(StringFormat)
    case maxItems(Int)
    case minItems(Int)
    case uniqueItems
    case maxProperties(Int)
    case minProperties(Int)
    case required([String])
    case dependentRequired(keyword: String, [(property: String, required: [String])])

    case ref(keyword: String, NodeID)
    case dynamicRef(DynamicReference)
    case allOf([NodeID])
    case anyOf([NodeID])
    case oneOf([NodeID])
    case not(NodeID)
    case conditional(if: NodeID, then: NodeID?, else: NodeID?)
    case dependentSchemas(keyword: String, [(property: String, schema: NodeID)])
    case objectMembers(ObjectMembers)
    case propertyNames(NodeID)
    case arrayItems(ArrayItems)
    case contains(Contains)
    case unevaluatedItems(NodeID)
    case unevaluatedProperties(NodeID)

    /// The schema keyword the case was compiled from (for error locations).
    var name: String {
        switch self {
        case .type: "type"
        case .enumeration: "enum"
        case .const: "const"
        case .multipleOf: "multipleOf"
        case .bound(let bound): bound.kind.keyword
        case .maxLength: "maxLength"
        case .minLength: "minLength"
        case .pattern: "pattern"
        case .format: "format"
        case .maxItems: "maxItems"
        case .minItems: "minItems"
        case .uniqueItems: "uniqueItems"
        case .maxProperties: "maxProperties"
        case .minProperties: "minProperties"
        case .required: "required"
        case .dependentRequired(let keyword, _): keyword
        case .ref(let keyword, _): keyword
        case .dynamicRef: "$dynamicRef"
        case .allOf: "allOf"
        case .anyOf: "anyOf"
        case .oneOf: "oneOf"
        case .not: "not"
        case .conditional: "if"
        case .dependentSchemas(let keyword, _): keyword
        case .objectMembers: "properties"
        case .propertyNames: "propertyNames"
        case .arrayItems(let items): items.prefixKeyword
        case .contains: "contains"
        case .unevaluatedItems: "unevaluatedItems"
        case .unevaluatedProperties: "unevaluatedProperties"
        }
    }
}
