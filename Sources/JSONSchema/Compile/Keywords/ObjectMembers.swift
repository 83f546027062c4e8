/// `properties`, `patternProperties` and `additionalProperties`, evaluated together because
/// `additionalProperties` depends on the other two.
struct ObjectMembers: Sendable {
    var properties: [(name: String, schema: NodeID)] = []
    var propertyIndex: [CodePointString: NodeID] = [:]
    var patterns: [(regex: ECMARegex, schema: NodeID)] = []
    var additional: NodeID?
}
