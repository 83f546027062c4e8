/// Turns schema documents into the node table of a ``JSONSchema``.
///
/// Every schema location is compiled at most once (memoized by location), so `$ref` cycles
/// become cycles in the node graph rather than infinite recursion.
struct SchemaCompiler {
    var registry: SchemaRegistry
    let options: ValidatorOptions
    private(set) var nodes: [SchemaNode] = []
    private(set) var resources: [SchemaResource] = []
    /// Location of each compiled node, for compile-time diagnostics.
    private(set) var nodeLocations: [SchemaLocation] = []
    private var nodeIDs: [SchemaLocation: NodeID] = [:]
    private var resourceIDs: [String: Int] = [:]
    /// Names used by bookended `$dynamicRef`s; their `$dynamicAnchor`s must be compiled.
    var dynamicAnchorNames: Set<String> = []

    /// The compiled result.
    struct Output {
        let nodes: [SchemaNode]
        let resources: [SchemaResource]
        let root: NodeID
        let draft: Draft
    }

    /// Compiles `root` and everything it references.
    static func compile(_ root: JSONValue, options: ValidatorOptions) throws(SchemaError) -> Output {
        var compiler = SchemaCompiler(registry: SchemaRegistry(options: options), options: options)
        let location = try compiler.registry.addDocument(root, uri: "", draft: options.defaultDraft)
        let rootID = try compiler.compileSchema(at: location)
        try compiler.compileDynamicAnchors()
        try compiler.checkReferenceCycles()
        return Output(
            nodes: compiler.nodes, resources: compiler.resources, root: rootID,
            draft: compiler.registry.context(at: location).draft)
    }

    /// Compiles the schema at `location` (memoized) and returns its node.
    mutating func compileSchema(at location: SchemaLocation) throws(SchemaError) -> NodeID {
        if let id = nodeIDs[location] { return id }
        guard let value = registry.value(at: location) else {
            throw error(at: location, "no schema at this location")
        }
        let context = registry.context(at: location)
        let id = nodes.count
        nodeIDs[location] = id
        nodes.append(SchemaNode())
        nodeLocations.append(location)

        var node = SchemaNode()
        node.resource = resourceID(for: context.resource)
        node.absoluteLocation = absoluteLocation(of: location, in: context)
        switch value {
        case .bool(let boolean):
            node.boolean = boolean
        case .object(let object):
            node.keywords = try compileKeywords(of: object, at: location, context: context)
            node.needsAnnotations = node.keywords.contains {
                switch $0 {
                case .unevaluatedItems, .unevaluatedProperties: true
                default: false
                }
            }
        default:
            throw error(at: location, "a schema must be an object or a boolean, got \(value.readableDescription)")
        }
        nodes[id] = node
        return id
    }

    /// Resolves `reference` against the base URI in `context` and compiles its target.
    mutating func compileReference(
        _ reference: String, keyword: String, at location: SchemaLocation, context: ScanContext
    ) throws(SchemaError) -> (node: NodeID, target: SchemaLocation, uri: URIReference) {
        let uri = URIReference(reference).resolved(against: URIReference(context.base))
        guard let target = try registry.resolve(uri, referencedIn: context.draft) else {
            let shown = uri.description == reference ? "" : " (resolved to \"\(uri)\")"
            throw error(at: location.appending(keyword), "cannot resolve \(keyword) \"\(reference)\"\(shown); remote schemas must be registered in ValidatorOptions.remotes")
        }
        return (try compileSchema(at: target), target, uri)
    }

    /// A schema error for `location`.
    func error(at location: SchemaLocation, _ message: String) -> SchemaError {
        let uri = registry.documentURIs[location.document]
        return SchemaError(keywordLocation: location.pointerText, schemaURI: uri.isEmpty ? nil : uri, message: message)
    }

    // MARK: Resources

    private mutating func resourceID(for uri: String) -> Int {
        if let id = resourceIDs[uri] { return id }
        let id = resources.count
        resourceIDs[uri] = id
        resources.append(SchemaResource(uri: uri))
        return id
    }

    private func absoluteLocation(of location: SchemaLocation, in context: ScanContext) -> String? {
        guard URIReference(context.resource).isAbsolute, let root = registry.resources[context.resource],
              root.document == location.document, location.pointer.starts(with: root.pointer)
        else { return nil }
        return context.resource + "#" + JSONPointer.join(location.pointer.dropFirst(root.pointer.count))
    }

    /// Compiles every `$dynamicAnchor` whose name a bookended `$dynamicRef` uses, so the
    /// validator can look them up in the dynamic scope. Repeats until no new anchors appear
    /// (compiling an anchor may load further resources).
    private mutating func compileDynamicAnchors() throws(SchemaError) {
        var done: Set<String> = []
        while true {
            var progressed = false
            for uri in registry.resourceOrder {
                for (name, location) in registry.dynamicAnchors[uri] ?? [:] where dynamicAnchorNames.contains(name) {
                    let key = uri + "#" + name
                    guard !done.contains(key) else { continue }
                    done.insert(key)
                    progressed = true
                    let id = try compileSchema(at: location)
                    resources[resourceID(for: uri)].dynamicAnchors[name] = id
                }
            }
            if !progressed { return }
        }
    }
}
