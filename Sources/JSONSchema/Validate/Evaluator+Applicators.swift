/// Applicator keywords: they evaluate subschemas and produce the annotations that
/// `unevaluatedProperties`/`unevaluatedItems` consume.
extension Evaluator {
    mutating func allOf(_ schemas: [NodeID], of node: SchemaNode, _ instance: JSONValue, _ annotations: inout Annotations, collect: Bool) -> Bool {
        var valid = true
        for (index, schema) in schemas.enumerated() where !descend(schema, instance, keyword: .key("allOf"), detail: .index(index), into: &annotations, collect: collect) {
            valid = false
            if !reporting { return false }
        }
        return valid
    }

    mutating func anyOf(_ schemas: [NodeID], of node: SchemaNode, _ instance: JSONValue, _ annotations: inout Annotations, collect: Bool) -> Bool {
        var matched = false
        for schema in schemas {
            var branch = Annotations()
            guard test(schema, instance, &branch, collect: collect) else { continue }
            matched = true
            // Annotations must come from every matching branch, so only stop early when not collecting.
            guard collect else { break }
            annotations.merge(branch)
        }
        return matched || fail(node, "anyOf", "value does not match any of the \(schemas.count) schemas in \"anyOf\"")
    }

    mutating func oneOf(_ schemas: [NodeID], of node: SchemaNode, _ instance: JSONValue, _ annotations: inout Annotations, collect: Bool) -> Bool {
        var matches: [Int] = []
        var chosen = Annotations()
        for (index, schema) in schemas.enumerated() {
            var branch = Annotations()
            guard test(schema, instance, &branch, collect: collect) else { continue }
            matches.append(index)
            if matches.count == 1 { chosen = branch } else { break }
        }
        if matches.count == 1 {
            if collect { annotations.merge(chosen) }
            return true
        }
        if matches.isEmpty {
            return fail(node, "oneOf", "value does not match any of the \(schemas.count) schemas in \"oneOf\"")
        }
        return fail(node, "oneOf", "value matches more than one schema in \"oneOf\" (at least indices \(matches[0]) and \(matches[1])), but must match exactly one")
    }

    mutating func conditional(
        _ condition: NodeID, _ then: NodeID?, _ otherwise: NodeID?, _ instance: JSONValue, _ annotations: inout Annotations, collect: Bool
    ) -> Bool {
        var conditionAnnotations = Annotations()
        if test(condition, instance, &conditionAnnotations, collect: collect) {
            if collect { annotations.merge(conditionAnnotations) }
            guard let then else { return true }
            return descend(then, instance, keyword: .key("then"), into: &annotations, collect: collect)
        }
        guard let otherwise else { return true }
        return descend(otherwise, instance, keyword: .key("else"), into: &annotations, collect: collect)
    }

    mutating func dependentSchemas(
        _ schemas: [(property: String, schema: NodeID)], keyword: String, _ instance: JSONValue, _ annotations: inout Annotations, collect: Bool
    ) -> Bool {
        guard case .object(let object) = instance else { return true }
        var valid = true
        for (property, schema) in schemas where object[property] != nil {
            if !descend(schema, instance, keyword: .key(keyword), detail: .key(property), into: &annotations, collect: collect) {
                valid = false
                if !reporting { return false }
            }
        }
        return valid
    }

    mutating func objectMembers(_ members: ObjectMembers, of node: SchemaNode, _ instance: JSONValue, _ annotations: inout Annotations, collect: Bool) -> Bool {
        guard case .object(let object) = instance else { return true }
        var valid = true
        for (name, schema) in members.properties {
            guard let value = object[name] else { continue }
            if collect { annotations.properties.insert(CodePointString(name)) }
            if !descend(schema, value, keyword: .key("properties"), detail: .key(name), at: .key(name), into: &annotations.discarded, collect: false) {
                valid = false
                if !reporting { return false }
            }
        }
        guard !members.patterns.isEmpty || members.additional != nil else { return valid }
        for (name, value) in object {
            var matched = members.propertyIndex[CodePointString(name)] != nil
            for (regex, schema) in members.patterns where regex.matches(name) {
                matched = true
                if collect { annotations.properties.insert(CodePointString(name)) }
                if !descend(schema, value, keyword: .key("patternProperties"), detail: .key(regex.source), at: .key(name), into: &annotations.discarded, collect: false) {
                    valid = false
                    if !reporting { return false }
                }
            }
            guard !matched, let additional = members.additional else { continue }
            let accepted = isFalse(additional)
                ? fail(node, "additionalProperties", "additional property \"\(name)\" is not allowed", at: .key(name))
                : descend(additional, value, keyword: .key("additionalProperties"), at: .key(name), into: &annotations.discarded, collect: false)
            if !accepted {
                valid = false
                if !reporting { return false }
            }
        }
        if collect, members.additional != nil { annotations.allProperties = true }
        return valid
    }

    mutating func propertyNames(_ schema: NodeID, of node: SchemaNode, _ instance: JSONValue) -> Bool {
        guard case .object(let object) = instance else { return true }
        var valid = true
        for name in object.keys {
            var ignored = Annotations()
            if !test(schema, .string(name), &ignored, collect: false) {
                valid = fail(node, "propertyNames", "property name \"\(name)\" does not match the \"propertyNames\" schema", at: .key(name))
                if !reporting { return false }
            }
        }
        return valid
    }

    mutating func arrayItems(_ items: ArrayItems, of node: SchemaNode, _ instance: JSONValue, _ annotations: inout Annotations, collect: Bool) -> Bool {
        guard case .array(let array) = instance else { return true }
        var valid = true
        let prefixCount = min(items.prefix.count, array.count)
        for index in 0..<prefixCount
        where !descend(items.prefix[index], array[index], keyword: .key(items.prefixKeyword), detail: .index(index), at: .index(index), into: &annotations.discarded, collect: false) {
            valid = false
            if !reporting { return false }
        }
        if collect { annotations.prefixItems = max(annotations.prefixItems, prefixCount) }
        guard let rest = items.rest, array.count > items.prefix.count else { return valid }
        for index in items.prefix.count..<array.count {
            let accepted = isFalse(rest)
                ? fail(node, items.restKeyword, "item \(index) is not allowed; at most \(items.prefix.count) item\(items.prefix.count == 1 ? " is" : "s are") allowed", at: .index(index))
                : descend(rest, array[index], keyword: .key(items.restKeyword), at: .index(index), into: &annotations.discarded, collect: false)
            if !accepted {
                valid = false
                if !reporting { return false }
            }
        }
        if collect { annotations.allItems = true }
        return valid
    }

    mutating func contains(_ contains: Contains, of node: SchemaNode, _ instance: JSONValue, _ annotations: inout Annotations, collect: Bool) -> Bool {
        guard case .array(let array) = instance else { return true }
        var matches = 0
        for (index, item) in array.enumerated() {
            var ignored = Annotations()
            guard test(contains.schema, item, &ignored, collect: false) else { continue }
            matches += 1
            if collect {
                annotations.containedItems.insert(index)
            } else if contains.maximum == nil, matches >= contains.minimum {
                break
            }
        }
        if matches < contains.minimum {
            if contains.minimum == 1 {
                return fail(node, "contains", "array does not contain any item matching the \"contains\" schema")
            }
            return fail(node, "minContains", "array contains \(matches) item\(matches == 1 ? "" : "s") matching \"contains\", fewer than minContains \(contains.minimum)")
        }
        if let maximum = contains.maximum, matches > maximum {
            return fail(node, "maxContains", "array contains \(matches) items matching \"contains\", more than maxContains \(maximum)")
        }
        return true
    }

    mutating func unevaluatedProperties(_ schema: NodeID, of node: SchemaNode, _ instance: JSONValue, _ annotations: inout Annotations, collect: Bool) -> Bool {
        guard case .object(let object) = instance else { return true }
        var valid = true
        for (name, value) in object where !annotations.isEvaluated(property: name) {
            let accepted = isFalse(schema)
                ? fail(node, "unevaluatedProperties", "property \"\(name)\" is not allowed (no other keyword evaluates it)", at: .key(name))
                : descend(schema, value, keyword: .key("unevaluatedProperties"), at: .key(name), into: &annotations.discarded, collect: false)
            if !accepted {
                valid = false
                if !reporting { return false }
            }
        }
        annotations.allProperties = true
        return valid
    }

    mutating func unevaluatedItems(_ schema: NodeID, of node: SchemaNode, _ instance: JSONValue, _ annotations: inout Annotations, collect: Bool) -> Bool {
        guard case .array(let array) = instance else { return true }
        var valid = true
        for (index, item) in array.enumerated() where !annotations.isEvaluated(item: index) {
            let accepted = isFalse(schema)
                ? fail(node, "unevaluatedItems", "item \(index) is not allowed (no other keyword evaluates it)", at: .index(index))
                : descend(schema, item, keyword: .key("unevaluatedItems"), at: .index(index), into: &annotations.discarded, collect: false)
            if !accepted {
                valid = false
                if !reporting { return false }
            }
        }
        annotations.allItems = true
        return valid
    }
}
