/// The instance members a schema evaluated successfully, as needed by
/// `unevaluatedProperties` and `unevaluatedItems`.
struct Annotations {
    /// Property names evaluated by `properties`, `patternProperties` or `additionalProperties`.
    var properties: Set<CodePointString> = []
    /// Whether every property was evaluated (`additionalProperties`/`unevaluatedProperties`).
    var allProperties = false
    /// Number of leading items evaluated by `prefixItems`.
    var prefixItems = 0
    /// Whether every item was evaluated (`items`/`unevaluatedItems`).
    var allItems = false
    /// Items matched by `contains`.
    var containedItems: Set<Int> = []

    /// A throwaway target for evaluations whose annotations do not apply here (subschemas
    /// evaluated against a child instance); reading yields an empty value, writing is ignored.
    var discarded: Annotations {
        get { Annotations() }
        set {}
    }

    mutating func merge(_ other: Annotations) {
        properties.formUnion(other.properties)
        allProperties = allProperties || other.allProperties
        prefixItems = max(prefixItems, other.prefixItems)
        allItems = allItems || other.allItems
        containedItems.formUnion(other.containedItems)
    }

    func isEvaluated(property name: String) -> Bool {
        allProperties || properties.contains(CodePointString(name))
    }

    func isEvaluated(item index: Int) -> Bool {
        allItems || index < prefixItems || containedItems.contains(index)
    }
}
