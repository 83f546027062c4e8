/// The schema documents known while compiling, with every identifier they define.
///
/// Documents are scanned once when added: each subschema reached through a subschema keyword
/// records its base URI, draft and vocabularies, and `$id`, `$anchor` and `$dynamicAnchor`
/// register resources and anchors. Remote documents are added on demand from
/// ``ValidatorOptions/remotes`` or the built-in meta-schemas; nothing is fetched.
struct SchemaRegistry {
    private(set) var documents: [JSONValue] = []
    /// Retrieval URI of each document (empty for the root schema).
    private(set) var documentURIs: [String] = []
    /// The draft each document was read in when it has no `$schema`: the default for the root, the referencing
    /// schema's for a remote document.
    private var documentDrafts: [Draft] = []
    /// Resource URI (no fragment) → resource root.
    private(set) var resources: [String: SchemaLocation] = [:]
    /// Resource URIs in registration order.
    private(set) var resourceOrder: [String] = []
    /// `<resource URI>#<name>` → location, for `$anchor`, `$dynamicAnchor` and draft-07 `$id: "#name"`.
    private var anchors: [String: SchemaLocation] = [:]
    /// Resource URI → dynamic anchor name → location.
    private(set) var dynamicAnchors: [String: [String: SchemaLocation]] = [:]
    private var contexts: [SchemaLocation: ScanContext] = [:]
    private let options: ValidatorOptions

    init(options: ValidatorOptions) {
        self.options = options
    }

    /// Adds and scans a document retrieved from `uri` (empty for the root schema).
    @discardableResult
    mutating func addDocument(_ root: JSONValue, uri: String, draft: Draft) throws(SchemaError) -> SchemaLocation {
        let location = SchemaLocation(document: documents.count, pointer: [])
        documents.append(root)
        documentURIs.append(uri)
        documentDrafts.append(draft)
        register(resource: uri, at: location)
        let context = ScanContext(base: uri, draft: draft, vocabularies: .standard, resource: uri)
        try scan(root, at: location, context: context, isResourceRoot: true)
        return location
    }

    /// The JSON value at `location`, if it exists.
    func value(at location: SchemaLocation) -> JSONValue? {
        JSONPointer.resolve(location.pointer, in: documents[location.document])
    }

    /// Base URI, draft and vocabularies at `location` (inherited from the nearest scanned ancestor
    /// for locations under unknown keywords).
    func context(at location: SchemaLocation) -> ScanContext {
        var pointer = location.pointer
        while true {
            if let context = contexts[SchemaLocation(document: location.document, pointer: pointer)] { return context }
            if pointer.isEmpty { break }
            pointer.removeLast()
        }
        let uri = documentURIs[location.document]
        return ScanContext(base: uri, draft: documentDrafts[location.document], vocabularies: .standard, resource: uri)
    }

    /// Resolves an absolute reference (`uri#fragment`), loading a remote document when needed; a remote document
    /// without `$schema` is read in `draft`, the dialect of the schema that references it (as both specifications
    /// say). Returns `nil` when nothing is registered under that URI.
    mutating func resolve(_ reference: URIReference, referencedIn draft: Draft) throws(SchemaError) -> SchemaLocation? {
        let base = reference.withoutFragment.description
        if resources[base] == nil { try loadRemote(base, draft: draft) }
        guard let root = resources[base] else { return nil }
        let fragment = URIReference.percentDecoded(reference.fragment ?? "")
        if fragment.isEmpty { return root }
        if let tokens = JSONPointer.tokens(fragment) {
            let location = SchemaLocation(document: root.document, pointer: root.pointer + tokens)
            return value(at: location) == nil ? nil : location
        }
        return anchors[base + "#" + fragment]
    }

    /// Adds the remote document registered for `uri` (user remotes first, then built-in meta-schemas), read in
    /// `draft` unless it names its own `$schema`.
    mutating func loadRemote(_ uri: String, draft: Draft) throws(SchemaError) {
        let trimmed = uri.hasSuffix("#") ? String(uri.dropLast()) : uri
        var document = options.remotes[trimmed] ?? options.remotes[trimmed + "#"]
        if document == nil, let source = BuiltinMetaschemas.sources[trimmed] {
            document = try? JSONValue(parsing: source)
        }
        guard let document else { return }
        try addDocument(document, uri: trimmed, draft: draft)
    }

    // MARK: Scanning

    private mutating func register(resource uri: String, at location: SchemaLocation) {
        guard resources[uri] == nil else { return }
        resources[uri] = location
        resourceOrder.append(uri)
    }

    private mutating func scan(
        _ value: JSONValue, at location: SchemaLocation, context inherited: ScanContext, isResourceRoot: Bool
    ) throws(SchemaError) {
        guard case .object(let object) = value else {
            contexts[location] = inherited
            return
        }
        var context = inherited
        let hasID = object["$id"] != nil
        if isResourceRoot || hasID, case .string(let metaschema)? = object["$schema"] {
            (context.draft, context.vocabularies) = try dialect(of: metaschema, at: location, referencedIn: context.draft)
        }
        if case .string(let id)? = object["$id"], !(context.draft == .draft7 && object["$ref"] != nil) {
            let reference = URIReference(id)
            if context.draft == .draft7, id.hasPrefix("#") {
                anchors[context.base + id] = location
            } else {
                let resolved = reference.resolved(against: URIReference(context.base))
                context.base = resolved.withoutFragment.description
                context.resource = context.base
                register(resource: context.base, at: location)
                if context.draft == .draft7, let fragment = resolved.fragment, !fragment.isEmpty {
                    anchors[context.base + "#" + fragment] = location
                }
            }
        }
        if context.draft == .draft2020_12 {
            if case .string(let anchor)? = object["$anchor"] { anchors[context.base + "#" + anchor] = location }
            if case .string(let anchor)? = object["$dynamicAnchor"] {
                anchors[context.base + "#" + anchor] = location
                dynamicAnchors[context.base, default: [:]][anchor] = location
            }
        }
        contexts[location] = context
        for (keyword, member) in object {
            guard let shape = SubschemaShape.of(keyword, draft: context.draft) else { continue }
            let keywordLocation = location.appending(keyword)
            for (token, subschema) in shape.subschemas(in: member) {
                let childLocation = token.map { keywordLocation.appending($0) } ?? keywordLocation
                try scan(subschema, at: childLocation, context: context, isResourceRoot: false)
            }
        }
    }

    /// Draft and vocabularies selected by a `$schema` URI.
    private mutating func dialect(of metaschema: String, at location: SchemaLocation, referencedIn current: Draft) throws(SchemaError) -> (Draft, Vocabularies) {
        if let draft = Draft(metaschemaURI: metaschema) { return (draft, .standard) }
        let reference = URIReference(metaschema).withoutFragment
        if resources[reference.description] == nil { try loadRemote(reference.description, draft: current) }
        guard let root = resources[reference.description], case .object(let object)? = value(at: root) else {
            throw SchemaError(
                keywordLocation: location.appending("$schema").pointerText, schemaURI: documentURIs[location.document],
                message: "unsupported meta-schema \"\(metaschema)\"; supported: \(Draft.allCases.map(\.metaschemaURI).joined(separator: ", ")) or a meta-schema registered in remotes")
        }
        let draft = contexts[root]?.draft ?? current
        guard case .object(let vocabulary)? = object["$vocabulary"] else { return (draft, .standard) }
        return (draft, Vocabularies(declaredBy: vocabulary))
    }
}
