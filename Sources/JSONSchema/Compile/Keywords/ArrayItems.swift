/// `prefixItems` + `items` (2020-12) or array-form `items` + `additionalItems` (draft-07).
struct ArrayItems: Sendable {
    var prefix: [NodeID]
    var rest: NodeID?
    var prefixKeyword: String
    var restKeyword: String
}
