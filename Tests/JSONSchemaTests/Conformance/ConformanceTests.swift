import JSONSchema
import Testing

/// Runs the official JSON-Schema-Test-Suite in place (see ``TestSuiteLocator``).
@Suite("JSON-Schema-Test-Suite")
struct ConformanceTests {
    @Test("draft2020-12 file", .enabled(if: TestSuiteLocator.root != nil, Comment(rawValue: TestSuiteLocator.howToGetIt)),
          arguments: TestSuiteLocator.files(draft: "draft2020-12"))
    func draft2020_12(_ file: SuiteFile) throws {
        let outcome = try file.run()
        for failure in outcome.failures { Issue.record(Comment(rawValue: failure)) }
    }

    @Test("draft7 file", .enabled(if: TestSuiteLocator.hasDraft("draft7"), "tests/draft7 is not present in the suite folder; draft-07 conformance not run"),
          arguments: TestSuiteLocator.files(draft: "draft7"))
    func draft7(_ file: SuiteFile) throws {
        let outcome = try file.run()
        for failure in outcome.failures { Issue.record(Comment(rawValue: failure)) }
    }

    @Test("pass counts", .enabled(if: TestSuiteLocator.root != nil, Comment(rawValue: TestSuiteLocator.howToGetIt)))
    func summary() throws {
        for draft in ["draft2020-12", "draft7"] {
            guard TestSuiteLocator.hasDraft(draft) else {
                print("JSON-Schema-Test-Suite \(draft): folder not present, skipped")
                continue
            }
            for (label, optional) in [("required", false), ("optional/format", true)] {
                var passed = 0, skipped = 0, failed = 0
                for file in TestSuiteLocator.files(draft: draft) where file.assertsFormat == optional {
                    let outcome = try file.run()
                    passed += outcome.passed
                    skipped += outcome.skipped
                    failed += outcome.failures.count
                }
                print("JSON-Schema-Test-Suite \(draft) \(label): \(passed)/\(passed + failed) passed, \(skipped) skipped")
            }
            // The other optional files are not required by the specification; report them for information.
            var passed = 0, failed = 0
            for file in TestSuiteLocator.files(draft: draft, otherOptional: true) {
                let outcome = try file.run()
                passed += outcome.passed
                failed += outcome.failures.count
                for failure in outcome.failures { print("  optional (not asserted): \(failure)") }
            }
            print("JSON-Schema-Test-Suite \(draft) other optional (informational): \(passed)/\(passed + failed) passed")
        }
    }
}
