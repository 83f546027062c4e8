/// Evaluates an instance against a compiled node table.
///
/// One evaluator is used per validation. In reporting mode every failure is recorded with its
/// instance and keyword location; otherwise (``JSONSchema/isValid(_:)`` and the subschemas of
/// `anyOf`, `oneOf`, `not`, `if`, `contains` and `propertyNames`) evaluation stops at the first
/// failure and no locations are tracked.
struct Evaluator {
    private let nodes: [SchemaNode]
    private let resources: [SchemaResource]
    private let maxRefDepth: Int
    /// Whether failures are recorded (and locations tracked).
    private(set) var reporting: Bool
    private(set) var errors: [ValidationError] = []
    private var instancePath: [PathToken] = []
    private var keywordPath: [PathToken] = []
    /// Resources entered so far, outermost first (the dynamic scope for `$dynamicRef`).
    private var dynamicScope: [Int] = []
    private var refDepth = 0

    init(nodes: [SchemaNode], resources: [SchemaResource], maxRefDepth: Int, reporting: Bool) {
        self.nodes = nodes
        self.resources = resources
        self.maxRefDepth = maxRefDepth
        self.reporting = reporting
    }

    /// Evaluates node `id` against `instance`. When `collect` is set and the node is valid,
    /// its annotations are merged into `annotations`.
    mutating func evaluate(_ id: NodeID, _ instance: JSONValue, _ annotations: inout Annotations, collect: Bool) -> Bool {
        let node = nodes[id]
        if let boolean = node.boolean {
            return boolean || fail(node, nil, "no value is allowed here (the schema is false)")
        }
        let entersResource = dynamicScope.last != node.resource
        if entersResource { dynamicScope.append(node.resource) }
        defer { if entersResource { dynamicScope.removeLast() } }

        let collectHere = collect || node.needsAnnotations
        var local = Annotations()
        var valid = true
        for keyword in node.keywords where !evaluate(keyword, of: node, instance, &local, collect: collectHere) {
            valid = false
            if !reporting { return false }
        }
        if valid && collect { annotations.merge(local) }
        return valid
    }

    private mutating func evaluate(
        _ keyword: Keyword, of node: SchemaNode, _ instance: JSONValue, _ annotations: inout Annotations, collect: Bool
    ) -> Bool {
        switch keyword {
        case .ref(let name, let target):
            return follow(target, keyword: name, of: node, instance, &annotations, collect: collect)
        case .dynamicRef(let reference):
            return follow(dynamicTarget(of: reference), keyword: "$dynamicRef", of: node, instance, &annotations, collect: collect)
        case .allOf(let schemas):
            return allOf(schemas, of: node, instance, &annotations, collect: collect)
        case .anyOf(let schemas):
            return anyOf(schemas, of: node, instance, &annotations, collect: collect)
        case .oneOf(let schemas):
            return oneOf(schemas, of: node, instance, &annotations, collect: collect)
        case .not(let schema):
            var ignored = Annotations()
            return !test(schema, instance, &ignored, collect: false)
                || fail(node, "not", "value must not match the schema in \"not\"")
        case .conditional(let condition, let then, let otherwise):
            return conditional(condition, then, otherwise, instance, &annotations, collect: collect)
        case .dependentSchemas(let name, let schemas):
            return dependentSchemas(schemas, keyword: name, instance, &annotations, collect: collect)
        case .objectMembers(let members):
            return objectMembers(members, of: node, instance, &annotations, collect: collect)
        case .propertyNames(let schema):
            return propertyNames(schema, of: node, instance)
        case .arrayItems(let items):
            return arrayItems(items, of: node, instance, &annotations, collect: collect)
        case .contains(let contains):
            return self.contains(contains, of: node, instance, &annotations, collect: collect)
        case .unevaluatedItems(let schema):
            return unevaluatedItems(schema, of: node, instance, &annotations, collect: collect)
        case .unevaluatedProperties(let schema):
            return unevaluatedProperties(schema, of: node, instance, &annotations, collect: collect)
        default:
            return assert(keyword, of: node, instance)
        }
    }

    // MARK: Descending

    /// Evaluates a child schema, extending the keyword path by one or two tokens and the
    /// instance path by `instanceToken` while reporting.
    mutating func descend(
        _ id: NodeID, _ instance: JSONValue, keyword: PathToken, detail: PathToken? = nil, at instanceToken: PathToken? = nil,
        into annotations: inout Annotations, collect: Bool
    ) -> Bool {
        let tracking = reporting
        if tracking {
            keywordPath.append(keyword)
            if let detail { keywordPath.append(detail) }
            if let instanceToken { instancePath.append(instanceToken) }
        }
        let valid = evaluate(id, instance, &annotations, collect: collect)
        if tracking {
            keywordPath.removeLast(detail == nil ? 1 : 2)
            if instanceToken != nil { instancePath.removeLast() }
        }
        return valid
    }

    /// Evaluates a child schema without recording its failures.
    mutating func test(_ id: NodeID, _ instance: JSONValue, _ annotations: inout Annotations, collect: Bool) -> Bool {
        let saved = reporting
        reporting = false
        defer { reporting = saved }
        return evaluate(id, instance, &annotations, collect: collect)
    }

    /// Whether node `id` is the `false` schema (so a parent can report a specific message instead).
    func isFalse(_ id: NodeID) -> Bool {
        nodes[id].boolean == false
    }

    private mutating func follow(
        _ target: NodeID, keyword: String, of node: SchemaNode, _ instance: JSONValue, _ annotations: inout Annotations, collect: Bool
    ) -> Bool {
        refDepth += 1
        defer { refDepth -= 1 }
        guard refDepth <= maxRefDepth else {
            let limit = maxRefDepth
            return fail(node, keyword, "exceeded the maximum reference depth of \(limit); the schema probably contains a reference loop")
        }
        return descend(target, instance, keyword: .key(keyword), into: &annotations, collect: collect)
    }

    /// The outermost `$dynamicAnchor` of the reference's name in the dynamic scope, or the static target.
    private func dynamicTarget(of reference: DynamicReference) -> NodeID {
        guard let anchor = reference.anchor else { return reference.target }
        for resource in dynamicScope {
            if let target = resources[resource].dynamicAnchors[anchor] { return target }
        }
        return reference.target
    }

    // MARK: Errors

    /// Records a failure of `keyword` (plus an optional `detail` token such as a property name)
    /// at the current instance location (plus `instanceToken`). Always returns `false`.
    mutating func fail(
        _ node: SchemaNode, _ keyword: String?, _ message: @autoclosure () -> String,
        detail: PathToken? = nil, at instanceToken: PathToken? = nil
    ) -> Bool {
        guard reporting else { return false }
        var suffix: [PathToken] = []
        if let keyword { suffix.append(.key(keyword)) }
        if let detail { suffix.append(detail) }
        let relative = PathToken.render(suffix)
        var instanceLocation = PathToken.render(instancePath)
        if let instanceToken { instanceLocation += PathToken.render([instanceToken]) }
        errors.append(ValidationError(
            instanceLocation: instanceLocation,
            keywordLocation: PathToken.render(keywordPath) + relative,
            absoluteKeywordLocation: node.absoluteLocation.map { $0 + relative },
            message: message()))
        return false
    }
}
