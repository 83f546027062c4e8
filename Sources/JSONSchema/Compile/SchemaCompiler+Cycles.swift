extension SchemaCompiler {
    /// Rejects reference loops that never consume any of the instance, such as `{"$ref": "#"}`:
    /// a cycle made only of in-place applicators (`$ref`, `allOf`, `anyOf`, `oneOf`, `not`,
    /// `if`/`then`/`else`, `dependentSchemas`) would recurse forever on any instance reaching it.
    /// (`$dynamicRef` targets depend on the dynamic scope; those loops are caught at validation
    /// time by ``ValidatorOptions/maxRefDepth``.)
    func checkReferenceCycles() throws(SchemaError) {
        enum Mark { case unvisited, active, done }
        var marks = [Mark](repeating: .unvisited, count: nodes.count)
        for start in nodes.indices where marks[start] == .unvisited {
            // Iterative depth-first search; `stack` holds (node, next edge index).
            var stack: [(node: NodeID, edge: Int)] = [(start, 0)]
            var edgeCache: [NodeID: [NodeID]] = [start: inPlaceTargets(of: start)]
            marks[start] = .active
            while let (node, edge) = stack.last {
                let targets = edgeCache[node]!
                guard edge < targets.count else {
                    marks[node] = .done
                    stack.removeLast()
                    continue
                }
                stack[stack.count - 1].edge += 1
                let target = targets[edge]
                switch marks[target] {
                case .done:
                    continue
                case .active:
                    let cycle = Array(stack.map(\.node).drop(while: { $0 != target })) + [target]
                    let path = cycle.map { nodeLocations[$0].pointerText.isEmpty ? "#" : "#" + nodeLocations[$0].pointerText }
                    throw error(
                        at: nodeLocations[node],
                        "reference loop \(path.joined(separator: " -> ")) never consumes any part of the instance and would recurse forever")
                case .unvisited:
                    marks[target] = .active
                    edgeCache[target] = inPlaceTargets(of: target)
                    stack.append((target, 0))
                }
            }
        }
    }

    /// Nodes evaluated against the same instance location as `node`.
    private func inPlaceTargets(of node: NodeID) -> [NodeID] {
        nodes[node].keywords.flatMap { keyword -> [NodeID] in
            switch keyword {
            case .ref(_, let target): [target]
            case .allOf(let schemas), .anyOf(let schemas), .oneOf(let schemas): schemas
            case .not(let schema): [schema]
            case .conditional(let condition, let then, let otherwise): [condition] + [then, otherwise].compactMap { $0 }
            case .dependentSchemas(_, let schemas): schemas.map(\.schema)
            default: []
            }
        }
    }
}
