import Foundation
import JSONSchema
import Testing

/// One file of the JSON-Schema-Test-Suite, e.g. `draft2020-12/ref.json`.
struct SuiteFile: Sendable, CustomTestStringConvertible {
    let draft: String
    /// Path below the draft folder, e.g. `optional/format/email.json`.
    let path: String

    var testDescription: String { "\(draft)/\(path)" }

    /// Whether the file's tests run with format assertion on.
    var assertsFormat: Bool { path.hasPrefix("optional/format/") }

    /// Outcome of running one file.
    struct Outcome {
        var passed = 0
        var skipped = 0
        var failures: [String] = []
    }

    /// Runs every test of the file; failures are described, skips come from ``KnownSkips``.
    func run() throws -> Outcome {
        let url = try #require(TestSuiteLocator.root).appendingPathComponent("tests/\(draft)/\(path)")
        let data = try #require(FileManager.default.contents(atPath: url.path))
        guard case .array(let cases) = try JSONValue(parsing: data) else {
            Issue.record("\(testDescription) is not an array of test cases")
            return Outcome()
        }
        var outcome = Outcome()
        for testCase in cases {
            guard case .string(let caseDescription)? = testCase["description"], let caseSchema = testCase["schema"],
                  case .array(let tests)? = testCase["tests"]
            else { continue }
            // As `plugboard validate` reads a draft-07 schema: by its `$schema`, with the default dialect (2020-12)
            // for everything else, so that a remote document without `$schema` must take the dialect of the
            // schema that references it. The suite's draft-07 schemas that do not name `$schema` get it here.
            var schemaJSON = caseSchema
            var defaultDraft = Draft.draft2020_12
            if draft == "draft7" {
                if case .object(var object) = schemaJSON {
                    if object["$schema"] == nil { object["$schema"] = JSONValue.string(Draft.draft7.metaschemaURI) }
                    schemaJSON = .object(object)
                } else {
                    defaultDraft = .draft7
                }
            }
            let options = ValidatorOptions(
                formatAssertion: assertsFormat,
                defaultDraft: defaultDraft,
                remotes: TestSuiteLocator.remotes)
            let schema: Result<JSONSchema, SchemaError>
            do throws(SchemaError) {
                schema = .success(try JSONSchema(schemaJSON, options: options))
            } catch {
                schema = .failure(error)
            }
            for test in tests {
                guard case .string(let testDescription)? = test["description"], let data = test["data"],
                      case .bool(let expected)? = test["valid"]
                else { continue }
                if KnownSkips.reason(draft: draft, file: path, testCase: caseDescription, test: testDescription) != nil {
                    outcome.skipped += 1
                    continue
                }
                let label = "\(self.testDescription) | \(caseDescription) | \(testDescription)"
                switch schema {
                case .failure(let error):
                    outcome.failures.append("\(label): schema did not compile: \(error)")
                case .success(let schema):
                    let fast = schema.isValid(data)
                    let full = schema.validate(data)
                    if fast != expected || full.isValid != expected {
                        let errors = full.errors.map(\.description).joined(separator: "; ")
                        outcome.failures.append("\(label): expected \(expected ? "valid" : "invalid"), isValid=\(fast), validate=\(full.isValid) [\(errors)]")
                    } else {
                        outcome.passed += 1
                    }
                }
            }
        }
        return outcome
    }
}
