import ArgumentParser
import JSONSchema

/// `plugboard validate --schema FILE [INSTANCE ...]`: JSON Schema validation from the command line.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Validate JSON instances against a JSON Schema (draft 2020-12 or draft-07).",
        discussion: """
            Each INSTANCE file is reported as 'FILE: valid' or 'FILE: invalid' followed by one line per error \
            ('  <pointer>: <message>'). With --ndjson, instances are read one per line from stdin and each gets one \
            line: 'valid' or 'invalid: <pointer>: <message>'. Exit status: 0 all valid, 1 any invalid, 2 usage or \
            schema error.

            Example: plugboard validate --schema config.schema.json config.json
            """
    )

    @Option(help: "The schema file.")
    var schema: String

    @Argument(help: "Instance files to validate.")
    var instances: [String] = []

    @Flag(help: "Read one JSON instance per line from stdin.")
    var ndjson = false

    @Option(help: ArgumentHelp("Resolve $refs under URL from files in DIR (repeatable), e.g. https://example.com/schemas/=./schemas", valueName: "URL=DIR"))
    var remote: [String] = []

    @Flag(name: .customLong("format-assertion"), help: "Treat 'format' as an assertion (date-time, email, ipv4, uri, uuid, …).")
    var formatAssertion = false

    func validate() throws {
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
                do {
                    let result = compiled.validate(try JSONValue(parsing: line))
                    if let first = result.errors.first {
                        anyInvalid = true
                        let more = result.errors.count > 1 ? " (+\(result.errors.count - 1) more)" : ""
                        Output.line("invalid: \(first.instanceLocation.isEmpty ? "/" : first.instanceLocation): \(first.message)\(more)")
                    } else {
                        Output.line("valid")
                    }
                } catch {
                    anyInvalid = true
                    Output.line("invalid: line \(lineNumber) is not JSON: \(error)")
                }
            }
        } else {
            for file in instances {
                guard let bytes = FileBytes.read(file) else { throw CommandFailure(message: "cannot read \(file)", status: 2) }
                let value: JSONValue
                do { value = try JSONValue(parsing: bytes) } catch {
                    anyInvalid = true
                    Output.line("\(file): invalid: not JSON: \(error)")
                    continue
                }
                let result = compiled.validate(value)
                if result.isValid {
                    Output.line("\(file): valid")
                } else {
                    anyInvalid = true
                    Output.line("\(file): invalid")
                    for error in result.errors {
                        Output.line("  \(error.instanceLocation.isEmpty ? "/" : error.instanceLocation): \(error.message) (schema \(error.keywordLocation))")
                    }
                }
            }
        }
        if anyInvalid { throw ExitCode(1) }
    }

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
            return try JSONSchema(json: bytes, options: ValidatorOptions(formatAssertion: formatAssertion, remotes: remotes))
        } catch {
            throw CommandFailure(message: "schema \(schema) is invalid: \(error)", status: 2)
        }
    }
}
