extension SchemaCompiler {
    /// A schema object being compiled, with its location and scan context.
    struct ObjectSite {
        let object: JSONObject
        let location: SchemaLocation
        let context: ScanContext

        var draft: Draft { context.draft }

        func has(_ vocabulary: Vocabularies) -> Bool {
            draft == .draft7 || context.vocabularies.contains(vocabulary)
        }
    }

    /// Compiles the keywords of one schema object, in a fixed evaluation order
    /// (references, assertions, applicators, then `unevaluated*`).
    mutating func compileKeywords(of object: JSONObject, at location: SchemaLocation, context: ScanContext) throws(SchemaError) -> [Keyword] {
        let site = ObjectSite(object: object, location: location, context: context)
        var keywords: [Keyword] = []

        if let reference = try string("$ref", site) {
            let compiled = try compileReference(reference, keyword: "$ref", at: location, context: context)
            keywords.append(.ref(keyword: "$ref", compiled.node))
            // In draft-07, `$ref` makes every sibling keyword ignored.
            if site.draft == .draft7 { return keywords }
        }
        if site.draft == .draft2020_12, let reference = try string("$dynamicRef", site) {
            keywords.append(.dynamicRef(try compileDynamicReference(reference, site)))
        }
        for definitions in ["$defs", "definitions"] where SubschemaShape.of(definitions, draft: site.draft) != nil {
            _ = try schemaMap(definitions, site)
        }
        if site.has(.validation) {
            try compileAssertions(site, into: &keywords)
        }
        if let format = try string("format", site), options.formatAssertion || site.context.vocabularies.contains(.formatAssertion),
           let known = StringFormat(rawValue: format)
        {
            keywords.append(.format(known))
        }
        if site.has(.applicator) {
            try compileApplicators(site, into: &keywords)
        }
        if site.draft == .draft2020_12, site.has(.unevaluated) {
            if let schema = try schema("unevaluatedItems", site) { keywords.append(.unevaluatedItems(schema)) }
            if let schema = try schema("unevaluatedProperties", site) { keywords.append(.unevaluatedProperties(schema)) }
        }
        return keywords
    }

    // MARK: Validation vocabulary

    private func compileAssertions(_ site: ObjectSite, into keywords: inout [Keyword]) throws(SchemaError) {
        if let value = site.object["type"] {
            keywords.append(.type(try typeSet(value, site)))
        }
        if let value = site.object["enum"] {
            guard case .array(let values) = value else { throw invalid("enum", "an array", site) }
            keywords.append(.enumeration(values))
        }
        if let value = site.object["const"] {
            keywords.append(.const(value))
        }
        if let divisor = try number("multipleOf", site) {
            guard !divisor.isNegative, divisor != JSONNumber(0) else {
                throw error(at: site.location.appending("multipleOf"), "\"multipleOf\" must be greater than 0, got \(divisor)")
            }
            keywords.append(.multipleOf(divisor))
        }
        let bounds: [(String, NumericBound.Kind)] = [
            ("minimum", .minimum), ("exclusiveMinimum", .exclusiveMinimum),
            ("maximum", .maximum), ("exclusiveMaximum", .exclusiveMaximum),
        ]
        for (name, kind) in bounds {
            if let limit = try number(name, site) { keywords.append(.bound(NumericBound(kind: kind, limit: limit))) }
        }
        if let limit = try count("minLength", site) { keywords.append(.minLength(limit)) }
        if let limit = try count("maxLength", site) { keywords.append(.maxLength(limit)) }
        if let pattern = try string("pattern", site) {
            keywords.append(.pattern(try regex(pattern, at: site.location.appending("pattern"))))
        }
        if let limit = try count("minItems", site) { keywords.append(.minItems(limit)) }
        if let limit = try count("maxItems", site) { keywords.append(.maxItems(limit)) }
        if let unique = try boolean("uniqueItems", site), unique { keywords.append(.uniqueItems) }
        if let required = try stringArray("required", site), !required.isEmpty { keywords.append(.required(required)) }
        if let limit = try count("minProperties", site) { keywords.append(.minProperties(limit)) }
        if let limit = try count("maxProperties", site) { keywords.append(.maxProperties(limit)) }
        if site.draft == .draft2020_12, let value = site.object["dependentRequired"] {
            guard case .object(let object) = value else { throw invalid("dependentRequired", "an object", site) }
            var dependencies: [(property: String, required: [String])] = []
            for (property, names) in object {
                let location = site.location.appending("dependentRequired").appending(property)
                dependencies.append((property, try stringList(names, at: location)))
            }
            keywords.append(.dependentRequired(keyword: "dependentRequired", dependencies))
        }
    }

    private func typeSet(_ value: JSONValue, _ site: ObjectSite) throws(SchemaError) -> JSONTypeSet {
        func member(_ name: JSONValue) -> JSONTypeSet? {
            guard case .string(let name) = name else { return nil }
            return JSONTypeSet.names.first { $0.0 == name }?.1
        }
        let message = "a type name (null, boolean, integer, number, string, array, object) or an array of them"
        switch value {
        case .string:
            guard let type = member(value) else { throw invalid("type", message, site) }
            return type
        case .array(let names):
            var types: JSONTypeSet = []
            for name in names {
                guard let type = member(name) else { throw invalid("type", message, site) }
                types.insert(type)
            }
            return types
        default:
            throw invalid("type", message, site)
        }
    }

    // MARK: Applicator vocabulary

    private mutating func compileApplicators(_ site: ObjectSite, into keywords: inout [Keyword]) throws(SchemaError) {
        if let schemas = try schemaArray("allOf", site) { keywords.append(.allOf(schemas)) }
        if let schemas = try schemaArray("anyOf", site) { keywords.append(.anyOf(schemas)) }
        if let schemas = try schemaArray("oneOf", site) { keywords.append(.oneOf(schemas)) }
        if let schema = try schema("not", site) { keywords.append(.not(schema)) }
        if let condition = try schema("if", site) {
            keywords.append(.conditional(if: condition, then: try schema("then", site), else: try schema("else", site)))
        } else {
            // `then`/`else` without `if` do nothing, but must still be valid schemas.
            _ = try schema("then", site)
            _ = try schema("else", site)
        }
        try compileDependencies(site, into: &keywords)
        if let members = try objectMembers(site) { keywords.append(.objectMembers(members)) }
        if let schema = try schema("propertyNames", site) { keywords.append(.propertyNames(schema)) }
        if let items = try arrayItems(site) { keywords.append(.arrayItems(items)) }
        if let schema = try schema("contains", site) {
            let minimum = site.draft == .draft7 ? 1 : try count("minContains", site) ?? 1
            let maximum = site.draft == .draft7 ? nil : try count("maxContains", site)
            keywords.append(.contains(Contains(schema: schema, minimum: minimum, maximum: maximum)))
        }
    }

    private mutating func compileDependencies(_ site: ObjectSite, into keywords: inout [Keyword]) throws(SchemaError) {
        if site.draft == .draft2020_12 {
            if let schemas = try schemaMap("dependentSchemas", site) {
                keywords.append(.dependentSchemas(keyword: "dependentSchemas", schemas.map { ($0.name, $0.schema) }))
            }
            return
        }
        guard let value = site.object["dependencies"] else { return }
        guard case .object(let object) = value else { throw invalid("dependencies", "an object", site) }
        var required: [(property: String, required: [String])] = []
        var schemas: [(property: String, schema: NodeID)] = []
        for (property, dependency) in object {
            let location = site.location.appending("dependencies").appending(property)
            if case .array = dependency {
                required.append((property, try stringList(dependency, at: location)))
            } else {
                schemas.append((property, try compileSchema(at: location)))
            }
        }
        if !required.isEmpty { keywords.append(.dependentRequired(keyword: "dependencies", required)) }
        if !schemas.isEmpty { keywords.append(.dependentSchemas(keyword: "dependencies", schemas)) }
    }

    private mutating func objectMembers(_ site: ObjectSite) throws(SchemaError) -> ObjectMembers? {
        var members = ObjectMembers()
        for (name, schema) in try schemaMap("properties", site) ?? [] {
            members.properties.append((name, schema))
            members.propertyIndex[CodePointString(name)] = schema
        }
        for (pattern, schema) in try schemaMap("patternProperties", site) ?? [] {
            let location = site.location.appending("patternProperties").appending(pattern)
            members.patterns.append((try regex(pattern, at: location), schema))
        }
        members.additional = try schema("additionalProperties", site)
        let isEmpty = members.properties.isEmpty && members.patterns.isEmpty && members.additional == nil
        return isEmpty ? nil : members
    }

    private mutating func arrayItems(_ site: ObjectSite) throws(SchemaError) -> ArrayItems? {
        if site.draft == .draft2020_12 {
            let prefix = try schemaArray("prefixItems", site) ?? []
            let rest = try schema("items", site)
            guard !prefix.isEmpty || rest != nil else { return nil }
            return ArrayItems(prefix: prefix, rest: rest, prefixKeyword: "prefixItems", restKeyword: "items")
        }
        switch site.object["items"] {
        case nil:
            return nil
        case .array?:
            let prefix = try schemaArray("items", site) ?? []
            let rest = try schema("additionalItems", site)
            return ArrayItems(prefix: prefix, rest: rest, prefixKeyword: "items", restKeyword: "additionalItems")
        default:
            return ArrayItems(prefix: [], rest: try schema("items", site), prefixKeyword: "items", restKeyword: "items")
        }
    }

    private mutating func compileDynamicReference(_ reference: String, _ site: ObjectSite) throws(SchemaError) -> DynamicReference {
        let compiled = try compileReference(reference, keyword: "$dynamicRef", at: site.location, context: site.context)
        // Dynamic resolution applies only when the static target is a `$dynamicAnchor` of the same name.
        guard let name = compiled.uri.fragment, !name.isEmpty, !name.hasPrefix("/"),
              registry.dynamicAnchors[compiled.uri.withoutFragment.description]?[name] == compiled.target
        else { return DynamicReference(target: compiled.node, anchor: nil) }
        dynamicAnchorNames.insert(name)
        return DynamicReference(target: compiled.node, anchor: name)
    }
}
