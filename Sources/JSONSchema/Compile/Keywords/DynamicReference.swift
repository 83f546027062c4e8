/// `$dynamicRef`: the statically resolved target plus, when it is a bookending
/// `$dynamicAnchor`, the anchor name to look up in the dynamic scope.
struct DynamicReference: Sendable {
    let target: NodeID
    let anchor: String?
}
