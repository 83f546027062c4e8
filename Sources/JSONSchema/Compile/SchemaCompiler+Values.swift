/// Typed readers for keyword values; each throws a ``SchemaError`` naming the keyword location.
extension SchemaCompiler {
    func invalid(_ keyword: String, _ expectation: String, _ site: ObjectSite) -> SchemaError {
        let found = site.object[keyword]?.readableDescription ?? "nothing"
        return error(at: site.location.appending(keyword), "\"\(keyword)\" must be \(expectation), got \(found)")
    }

    func string(_ keyword: String, _ site: ObjectSite) throws(SchemaError) -> String? {
        guard let value = site.object[keyword] else { return nil }
        guard case .string(let string) = value else { throw invalid(keyword, "a string", site) }
        return string
    }

    func boolean(_ keyword: String, _ site: ObjectSite) throws(SchemaError) -> Bool? {
        guard let value = site.object[keyword] else { return nil }
        guard case .bool(let boolean) = value else { throw invalid(keyword, "a boolean", site) }
        return boolean
    }

    func number(_ keyword: String, _ site: ObjectSite) throws(SchemaError) -> JSONNumber? {
        guard let value = site.object[keyword] else { return nil }
        guard case .number(let number) = value else { throw invalid(keyword, "a number", site) }
        return number
    }

    /// A non-negative integer (`2.0` is accepted); huge values saturate at `Int.max`.
    func count(_ keyword: String, _ site: ObjectSite) throws(SchemaError) -> Int? {
        guard let number = try number(keyword, site) else { return nil }
        // Written as two steps: the one-expression form crashed Swift 6.3.1's optimizer (CopyPropagation) in -c release.
        if let value = number.int64Value {
            guard value >= 0 else { throw invalid(keyword, "a non-negative integer", site) }
            return Int(value)
        }
        guard number.isInteger, !number.isNegative else { throw invalid(keyword, "a non-negative integer", site) }
        return .max
    }

    func stringArray(_ keyword: String, _ site: ObjectSite) throws(SchemaError) -> [String]? {
        guard let value = site.object[keyword] else { return nil }
        return try stringList(value, at: site.location.appending(keyword))
    }

    /// An array of unique strings.
    func stringList(_ value: JSONValue, at location: SchemaLocation) throws(SchemaError) -> [String] {
        let keyword = location.pointer.last ?? ""
        guard case .array(let elements) = value else {
            throw error(at: location, "\"\(keyword)\" must be an array of strings, got \(value.readableDescription)")
        }
        var strings: [String] = []
        var seen: Set<String> = []
        for element in elements {
            guard case .string(let string) = element else {
                throw error(at: location, "\"\(keyword)\" must contain only strings, got \(element.readableDescription)")
            }
            guard seen.insert(string).inserted else {
                throw error(at: location, "\"\(keyword)\" must not contain duplicates, \"\(string)\" appears twice")
            }
            strings.append(string)
        }
        return strings
    }

    mutating func schema(_ keyword: String, _ site: ObjectSite) throws(SchemaError) -> NodeID? {
        guard site.object[keyword] != nil else { return nil }
        return try compileSchema(at: site.location.appending(keyword))
    }

    mutating func schemaArray(_ keyword: String, _ site: ObjectSite) throws(SchemaError) -> [NodeID]? {
        guard let value = site.object[keyword] else { return nil }
        guard case .array(let elements) = value, !elements.isEmpty else { throw invalid(keyword, "a non-empty array of schemas", site) }
        var nodes: [NodeID] = []
        for index in elements.indices {
            nodes.append(try compileSchema(at: site.location.appending(keyword).appending(String(index))))
        }
        return nodes
    }

    mutating func schemaMap(_ keyword: String, _ site: ObjectSite) throws(SchemaError) -> [(name: String, schema: NodeID)]? {
        guard let value = site.object[keyword] else { return nil }
        guard case .object(let object) = value else { throw invalid(keyword, "an object whose values are schemas", site) }
        var schemas: [(name: String, schema: NodeID)] = []
        for name in object.keys {
            schemas.append((name, try compileSchema(at: site.location.appending(keyword).appending(name))))
        }
        return schemas
    }

    func regex(_ pattern: String, at location: SchemaLocation) throws(SchemaError) -> ECMARegex {
        do {
            return try ECMARegex(pattern)
        } catch {
            throw self.error(at: location, "invalid regular expression \(JSONValue.quotedExcerpt(pattern)): \(error.message)")
        }
    }
}
