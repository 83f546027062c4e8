import ArgumentParser
import JSONSchema

/// `plugboard validate --schema FILE [INSTANCE ...]`: JSON Schema validation from the command line.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Validate JSON instances against a JSON Schema (draft 2020-12 or draft-07).",
        discussion: """
            Each INSTANCE file is reported as 'FILE: valid' or 'FILE: invalid' followed by one line per error \
            ('  <pointer>: <message>'). With --ndjson, instances are read one per line from stdin and each gets exactly \
            one line: 'valid' or 'invalid: <pointer>: <message>'; control characters in a pointer or message (a \
            property name with a line break) are written as JSON escapes (\\n, \\r, \\t, \\u001b) and a backslash as \
            \\\\, so a line never splits. With --json, each instance gets one JSON object on one line: \
            {"instance": FILE or line number, "valid": BOOL, "errors": [{"instanceLocation", "keywordLocation", \
            "message"}]}. Exit status: 0 all valid, 1 any invalid, 2 usage or schema error.

            Example: plugboard validate --schema config.schema.json config.json
            """
    )

    @Option(help: "The schema file.")
    var schema: String

    @Argument(help: "Instance files to validate.")
    var instances: [String] = []

    @Flag(help: "Read one JSON instance per line from stdin; print one line per instance.")
    var ndjson = false

    @Flag(help: "Print one JSON object per instance (with --ndjson: per line of stdin).")
    var json = false

    @Option(help: ArgumentHelp("Resolve $refs under URL from files in DIR (repeatable), e.g. https://example.com/schemas/=./schemas", valueName: "URL=DIR"))
    var remote: [String] = []

    @Option(help: ArgumentHelp("The dialect of a schema without $schema: 2020-12 or draft-07 (a $ref'd document without $schema takes its referrer's).", valueName: "DRAFT"))
    var draft: String = "2020-12"

    @Flag(name: .customLong("format-assertion"), help: "Treat 'format' as an assertion (date-time, email, ipv4, uri, uuid, …).")
    var formatAssertion = false

    func validate() throws {
        guard Self.drafts[draft] != nil else { throw ValidationError("--draft takes 2020-12 or draft-07, not \(draft)") }
        if ndjson && !instances.isEmpty { throw ValidationError("give instance files or --ndjson, not both") }
        if !ndjson && instances.isEmpty { throw ValidationError("give at least one instance file, or --ndjson to read stdin") }
    }

    func run() throws {
        let compiled = try loadSchema()
        var anyInvalid = false
        if ndjson {
            var lineNumber = 0
            while let line = readLine(strippingNewline: true) {
                lineNumber += 1
                if line.allSatisfy(\.isWhitespace) { continue }
                let outcome: ValidationOutcome
                do {
                    outcome = ValidationOutcome(instance: .line(lineNumber), result: compiled.validate(try JSONValue(parsing: line)))
                } catch {
                    outcome = ValidationOutcome(instance: .line(lineNumber), notJSON: "line \(lineNumber) is not JSON: \(error)")
                }
                anyInvalid = anyInvalid || !outcome.valid
                if json { try Output.json(outcome) } else { Output.line(outcome.ndjsonLine) }
            }
        } else {
            for file in instances {
                guard let bytes = FileBytes.read(file) else { throw CommandFailure(message: "cannot read \(file)", status: 2) }
                let outcome: ValidationOutcome
                do {
                    outcome = ValidationOutcome(instance: .file(file), result: compiled.validate(try JSONValue(parsing: bytes)))
                } catch {
                    outcome = ValidationOutcome(instance: .file(file), notJSON: "not JSON: \(error)")
                }
                anyInvalid = anyInvalid || !outcome.valid
                if json {
                    try Output.json(outcome)
                } else {
                    for line in outcome.fileLines(file) { Output.line(line) }
                }
            }
        }
        if anyInvalid { throw ExitCode(1) }
    }

    /// The names `--draft` takes.
    static let drafts: [String: Draft] = ["2020-12": .draft2020_12, "draft2020-12": .draft2020_12, "draft-07": .draft7, "draft7": .draft7, "7": .draft7]

    private func loadSchema() throws -> JSONSchema {
        var remotes: [String: JSONValue] = [:]
        for mapping in remote {
            guard let equals = mapping.firstIndex(of: "=") else {
                throw CommandFailure(message: "--remote takes URL=DIR, got \"\(mapping)\"", status: 2)
            }
            var base = String(mapping[..<equals])
            if !base.hasSuffix("/") { base += "/" }
            let directory = String(mapping[mapping.index(after: equals)...])
            for relative in FileBytes.files(under: directory) where relative.hasSuffix(".json") {
                guard let bytes = FileBytes.read("\(directory)/\(relative)") else { continue }
                do {
                    remotes[base + relative] = try JSONValue(parsing: bytes)
                } catch {
                    throw CommandFailure(message: "remote schema \(directory)/\(relative) is not JSON: \(error)", status: 2)
                }
            }
        }
        guard let bytes = FileBytes.read(schema) else { throw CommandFailure(message: "cannot read schema \(schema)", status: 2) }
        do {
            return try JSONSchema(json: bytes, options: ValidatorOptions(formatAssertion: formatAssertion, defaultDraft: Self.drafts[draft] ?? .draft2020_12, remotes: remotes))
        } catch {
            throw CommandFailure(message: "schema \(schema) is invalid: \(error)", status: 2)
        }
    }
}
