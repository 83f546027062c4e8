import JSONSchema

/// One instance's result in `plugboard validate`: for the text forms and for `--json`.
struct ValidationOutcome: Encodable {
    /// Which instance: a file, or a line of stdin.
    enum Instance: Encodable {
        case file(String)
        case line(Int)

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .file(let path): try container.encode(path)
            case .line(let number): try container.encode(number)
            }
        }
    }

    struct Failure: Encodable {
        var instanceLocation: String
        var keywordLocation: String
        var message: String
    }

    var instance: Instance
    var valid: Bool
    var errors: [Failure]
    /// Set when the instance is not JSON at all.
    var notJSON: String?

    init(instance: Instance, result: ValidationResult) {
        self.instance = instance
        self.valid = result.isValid
        self.errors = result.errors.map { Failure(instanceLocation: $0.instanceLocation, keywordLocation: $0.keywordLocation, message: $0.message) }
    }

    init(instance: Instance, notJSON reason: String) {
        self.instance = instance
        self.valid = false
        self.errors = [Failure(instanceLocation: "", keywordLocation: "", message: reason)]
        self.notJSON = reason
    }

    enum CodingKeys: String, CodingKey { case instance, valid, errors }

    /// The `--ndjson` line: `valid`, or `invalid: <pointer>: <message>` with control characters escaped.
    var ndjsonLine: String {
        if let notJSON { return "invalid: " + Self.escaped(notJSON) }
        guard let first = errors.first else { return "valid" }
        let more = errors.count > 1 ? " (+\(errors.count - 1) more)" : ""
        return "invalid: " + Self.escaped("\(first.instanceLocation.isEmpty ? "/" : first.instanceLocation): \(first.message)") + more
    }

    /// The lines for an instance file.
    func fileLines(_ file: String) -> [String] {
        if let notJSON { return ["\(file): invalid: \(notJSON)"] }
        guard !valid else { return ["\(file): valid"] }
        return ["\(file): invalid"] + errors.map {
            "  " + Self.escaped("\($0.instanceLocation.isEmpty ? "/" : $0.instanceLocation): \($0.message) (schema \($0.keywordLocation))")
        }
    }

    /// The text with a backslash doubled and every control character (C0, DEL, C1, U+2028, U+2029) as a JSON escape.
    static func escaped(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
