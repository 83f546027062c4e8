extension JSONValue {
    /// A short phrase naming the value's type and (for scalars) its value, for messages:
    /// `string "abc"`, `integer 5`, `number 2.5`, `boolean true`, `null`, `array of 3 items`, `object`.
    var readableDescription: String {
        switch self {
        case .null: "null"
        case .bool(let value): "boolean \(value)"
        case .number(let number): "\(number.isInteger ? "integer" : "number") \(number)"
        case .string(let string): "string \(JSONValue.quotedExcerpt(string))"
        case .array(let array): "array of \(array.count) item\(array.count == 1 ? "" : "s")"
        case .object: "object"
        }
    }

    /// The value as compact JSON, shortened to about `limit` characters.
    func excerpt(limit: Int = 60) -> String {
        let text = serialized()
        return text.count <= limit ? text : String(text.prefix(limit)) + "…"
    }

    /// `string` as a quoted JSON string, shortened to about 40 characters.
    static func quotedExcerpt(_ string: String) -> String {
        var output = ""
        writeQuoted(string.count <= 40 ? string : String(string.prefix(40)) + "…", to: &output)
        return output
    }
}
