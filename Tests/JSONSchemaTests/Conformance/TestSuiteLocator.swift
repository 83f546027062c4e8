import Foundation
import JSONSchema

/// Finds the official JSON-Schema-Test-Suite on disk and loads its files (read in place, never copied).
///
/// The folder comes from the `JSON_SCHEMA_TEST_SUITE` environment variable, or defaults to
/// `../shared/conformance/json-schema-test-suite` relative to the package root.
enum TestSuiteLocator {
    static let howToGetIt = """
        JSON-Schema-Test-Suite not found: set JSON_SCHEMA_TEST_SUITE to its folder, or place a checkout of \
        https://github.com/json-schema-org/JSON-Schema-Test-Suite at ../shared/conformance/json-schema-test-suite \
        relative to the package root
        """

    /// The suite's root folder, if present.
    static let root: URL? = {
        var candidates: [URL] = []
        if let configured = ProcessInfo.processInfo.environment["JSON_SCHEMA_TEST_SUITE"], !configured.isEmpty {
            candidates.append(URL(fileURLWithPath: configured))
        }
        // Tests/JSONSchemaTests/Conformance/<file>.swift → the package root is four components up.
        let source = URL(fileURLWithPath: #filePath)
        for file in [source, source.resolvingSymlinksInPath()] {
            let packageRoot = file.deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent()
            candidates.append(packageRoot.appendingPathComponent("../shared/conformance/json-schema-test-suite").standardizedFileURL)
        }
        return candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("tests").path) }
    }()

    /// All remote documents, keyed by their `http://localhost:1234/...` URI.
    static let remotes: [String: JSONValue] = {
        guard let folder = root?.appendingPathComponent("remotes") else { return [:] }
        var remotes: [String: JSONValue] = [:]
        for path in jsonFiles(under: folder) {
            if let data = FileManager.default.contents(atPath: folder.appendingPathComponent(path).path),
               let value = try? JSONValue(parsing: data)
            {
                remotes["http://localhost:1234/" + path] = value
            }
        }
        return remotes
    }()

    /// Relative paths of the `.json` files under `folder`, sorted.
    static func jsonFiles(under folder: URL) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        return enumerator.compactMap { $0 as? String }.filter { $0.hasSuffix(".json") }.sorted()
    }

    /// Test files of one draft folder (`draft2020-12`, `draft7`): required files plus `optional/format/*`,
    /// or, with `otherOptional`, the remaining `optional/*` files (run for information only).
    static func files(draft folder: String, otherOptional: Bool = false) -> [SuiteFile] {
        guard let draftFolder = root?.appendingPathComponent("tests/\(folder)"),
              FileManager.default.fileExists(atPath: draftFolder.path)
        else { return [] }
        return jsonFiles(under: draftFolder)
            .filter { path in
                let selected = !path.contains("/") || path.hasPrefix("optional/format/")
                return otherOptional ? !selected : selected
            }
            .map { SuiteFile(draft: folder, path: $0) }
    }

    static func hasDraft(_ folder: String) -> Bool {
        guard let root else { return false }
        return FileManager.default.fileExists(atPath: root.appendingPathComponent("tests/\(folder)").path)
    }
}
