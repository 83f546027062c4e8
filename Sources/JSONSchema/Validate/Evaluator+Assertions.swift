/// Assertion keywords: they check the instance itself and evaluate no subschemas.
extension Evaluator {
    mutating func assert(_ keyword: Keyword, of node: SchemaNode, _ instance: JSONValue) -> Bool {
        switch (keyword, instance) {
        case (.type(let types), _):
            return types.contains(typeOf: instance)
                || fail(node, "type", "expected \(types.readable), got \(instance.readableDescription)")
        case (.enumeration(let values), _):
            return values.contains(instance)
                || fail(node, "enum", "value \(instance.excerpt()) is not one of the allowed values \(JSONValue.array(values).excerpt(limit: 120))")
        case (.const(let value), _):
            return value == instance
                || fail(node, "const", "expected the constant \(value.excerpt()), got \(instance.excerpt())")
        case (.multipleOf(let divisor), .number(let number)):
            return number.isMultiple(of: divisor)
                || fail(node, "multipleOf", "value \(number) is not a multiple of \(divisor)")
        case (.bound(let bound), .number(let number)):
            return bound.accepts(number) || fail(node, bound.kind.keyword, Self.boundMessage(bound, number))
        case (.minLength(let limit), .string(let string)):
            let length = string.utf8.count < limit ? string.utf8.count : string.unicodeScalars.count
            return length >= limit
                || fail(node, "minLength", "string has \(length) character\(length == 1 ? "" : "s"), fewer than minLength \(limit)")
        case (.maxLength(let limit), .string(let string)):
            if string.utf8.count <= limit { return true }
            let length = string.unicodeScalars.count
            return length <= limit || fail(node, "maxLength", "string has \(length) characters, more than maxLength \(limit)")
        case (.pattern(let regex), .string(let string)):
            return regex.matches(string)
                || fail(node, "pattern", "string \(JSONValue.quotedExcerpt(string)) does not match the pattern \(JSONValue.quotedExcerpt(regex.source))")
        case (.format(let format), .string(let string)):
            return format.accepts(string)
                || fail(node, "format", "string \(JSONValue.quotedExcerpt(string)) is not a valid \(format.rawValue)")
        case (.minItems(let limit), .array(let array)):
            return array.count >= limit
                || fail(node, "minItems", "array has \(array.count) item\(array.count == 1 ? "" : "s"), fewer than minItems \(limit)")
        case (.maxItems(let limit), .array(let array)):
            return array.count <= limit || fail(node, "maxItems", "array has \(array.count) items, more than maxItems \(limit)")
        case (.uniqueItems, .array(let array)):
            guard let (first, second) = Self.firstDuplicate(in: array) else { return true }
            return fail(node, "uniqueItems", "items \(first) and \(second) are equal, but \"uniqueItems\" requires all items to be unique")
        case (.minProperties(let limit), .object(let object)):
            return object.count >= limit
                || fail(node, "minProperties", "object has \(object.count) propert\(object.count == 1 ? "y" : "ies"), fewer than minProperties \(limit)")
        case (.maxProperties(let limit), .object(let object)):
            return object.count <= limit
                || fail(node, "maxProperties", "object has \(object.count) properties, more than maxProperties \(limit)")
        case (.required(let names), .object(let object)):
            var valid = true
            for name in names where object[name] == nil {
                valid = fail(node, "required", "required property \"\(name)\" is missing")
                if !reporting { return false }
            }
            return valid
        case (.dependentRequired(let keyword, let dependencies), .object(let object)):
            var valid = true
            for (property, names) in dependencies where object[property] != nil {
                for name in names where object[name] == nil {
                    valid = fail(node, keyword, "property \"\(name)\" is required when \"\(property)\" is present", detail: .key(property))
                    if !reporting { return false }
                }
            }
            return valid
        default:
            // The keyword does not apply to this instance type.
            return true
        }
    }

    private static func boundMessage(_ bound: NumericBound, _ value: JSONNumber) -> String {
        switch bound.kind {
        case .minimum: "value \(value) is less than minimum \(bound.limit)"
        case .maximum: "value \(value) is greater than maximum \(bound.limit)"
        case .exclusiveMinimum: "value \(value) is not greater than exclusiveMinimum \(bound.limit)"
        case .exclusiveMaximum: "value \(value) is not less than exclusiveMaximum \(bound.limit)"
        }
    }

    /// Indices of the first pair of equal items (JSON equality), if any.
    private static func firstDuplicate(in array: [JSONValue]) -> (Int, Int)? {
        var seen: [JSONValue: Int] = [:]
        seen.reserveCapacity(array.count)
        for (index, item) in array.enumerated() {
            if let previous = seen.updateValue(index, forKey: item) { return (previous, index) }
        }
        return nil
    }
}
