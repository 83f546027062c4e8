import PlugboardTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The Swift code the documentation shows cannot rot: every `swift` block in README.md, docs/ and the DocC articles is
/// marked `<!-- compiled: PATH -->` and appears in that file, which the package compiles; the README's host code
/// runs here against real plugins, built with one library import per side.
@Suite("README and DocC code is compiled and runs")
struct ReadmeTests {
    /// A fenced `swift` block and the file it says compiles it.
    struct Snippet: CustomStringConvertible {
        var document: String
        var line: Int
        var compiledIn: String?
        var lines: [String]
        var description: String { "\(document):\(line)" }
    }

    static var root: String { TestBinaries.packageRoot }

    /// The documents whose Swift blocks must be compiled: README.md, docs/*.md and every DocC article.
    static func documents() -> [String] {
        var documents = ["README.md"]
        for file in Files.list("\(root)/docs") where file.hasSuffix(".md") { documents.append("docs/\(file)") }
        for module in Files.list("\(root)/Sources") {
            let catalog = "Sources/\(module)/Documentation.docc"
            for file in Files.list("\(root)/\(catalog)") where file.hasSuffix(".md") { documents.append("\(catalog)/\(file)") }
        }
        return documents
    }

    static func snippets(in document: String) -> [Snippet] {
        let text = String(decoding: Files.read("\(root)/\(document)") ?? [], as: UTF8.self)
        var snippets: [Snippet] = []
        var current: Snippet?
        var previous = ""
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).enumerated() {
            if var snippet = current {
                if line.trimmingLeadingSpaces() == "```" {
                    snippets.append(snippet)
                    current = nil
                } else {
                    snippet.lines.append(line)
                    current = snippet
                }
            } else if line.trimmingLeadingSpaces() == "```swift" {
                let marker = previous.trimmingLeadingSpaces()
                let compiledIn = marker.hasPrefix("<!-- compiled: ") && marker.hasSuffix(" -->")
                    ? String(marker.dropFirst("<!-- compiled: ".count).dropLast(" -->".count)) : nil
                current = Snippet(document: document, line: index + 1, compiledIn: compiledIn, lines: [])
            }
            if !line.allSatisfy(\.isWhitespace) { previous = line }
        }
        return snippets
    }

    /// Whether `snippet`'s imports are the file's and its other lines appear in it in one run, each indented by
    /// the same amount more than in the snippet.
    static func appears(_ snippet: [String], in file: [String]) -> Bool {
        let imports = snippet.filter { $0.hasPrefix("import ") }
        guard imports.allSatisfy(file.contains) else { return false }
        var body = snippet.filter { !$0.hasPrefix("import ") }
        while body.first?.allSatisfy(\.isWhitespace) == true { body.removeFirst() }
        guard let first = body.first else { return true }
        let indent = body.filter { !$0.allSatisfy(\.isWhitespace) }.map { $0.prefix { $0 == " " }.count }.min() ?? 0
        let dedented = body.map { $0.allSatisfy(\.isWhitespace) ? "" : String($0.dropFirst(indent)) }
        let head = String(first.dropFirst(indent))
        for start in file.indices where file[start].hasSuffix(head) {
            let shift = String(file[start].dropLast(head.count))
            guard shift.allSatisfy({ $0 == " " }), start + dedented.count <= file.count else { continue }
            let matches = dedented.indices.allSatisfy { offset in
                let line = file[start + offset]
                return dedented[offset].isEmpty ? line.allSatisfy(\.isWhitespace) : line == shift + dedented[offset]
            }
            if matches { return true }
        }
        return false
    }

    @Test("every Swift block of README.md, docs/ and the DocC articles appears verbatim in a file the package compiles")
    func snippetsAreCompiled() throws {
        let all = Self.documents().flatMap(Self.snippets(in:))
        #expect(all.count >= 5, "found only \(all.count) Swift blocks: is the parser broken?")
        for snippet in all {
            let path = try #require(snippet.compiledIn, "\(snippet): a swift block without a <!-- compiled: PATH --> line before it")
            let file = try #require(Files.read("\(Self.root)/\(path)"), "\(snippet): \(path) does not exist")
            let lines = String(decoding: file, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            #expect(Self.appears(snippet.lines, in: lines), "\(snippet): the block is not in \(path) as it is written (its imports at the top, the rest in one run)")
        }
    }

    @Test("the matcher finds a block only where it is written")
    func matcher() {
        let file = ["import A", "import B", "", "func f() {", "    let x = 1", "", "    print(x)", "}"]
        #expect(Self.appears(["import A", "", "let x = 1", "", "print(x)"], in: file))
        #expect(!Self.appears(["import C", "let x = 1"], in: file))
        #expect(!Self.appears(["let x = 2"], in: file))
        #expect(!Self.appears(["let x = 1", "print(x)"], in: file))
    }

    @Test("the README's host code, built with `import Plugboard` only, runs against real plugins and leaves nothing")
    func hostRuns() async throws {
        let directory = PluginDirectory()
        defer { directory.remove() }
        let plugins = "\(directory.path)/plugins"
        #expect(mkdir(plugins, 0o755) == 0)
        for name in ["simple-processor", "text-tools"] {
            #expect(symlink(TestBinaries.path(name), "\(plugins)/\(name)") == 0)
        }
        let outcome = try await TestProcess.run(TestBinaries.path("readme-host"), workingDirectory: directory.path, timeout: .seconds(120))
        #expect(outcome.status == 0, "stdout: \(outcome.stdout)\nstderr: \(outcome.stderr)")
        let lines = outcome.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == ">> HELLO", "\(outcome.stdout)")
        #expect(lines.contains { $0.hasPrefix("[") && $0.contains(#""reverse""#) && $0.contains(#""announce""#) }, "\(outcome.stdout)")
        #expect(lines.suffix(2) == ["olleh", "done"], "\(outcome.stdout)")
        await CLI.expectNothingLeft(directory)
    }
}

extension String {
    func trimmingLeadingSpaces() -> String { String(drop { $0 == " " }) }
}
