import PlugboardTestSupport
import Testing

/// The README's contract example is the fixture the end-to-end tests compile and run (ContractMacroTests).
@Suite("README: the contract example")
struct ReadmeContractTests {
    @Test("the README shows Tests/Fixtures/NotesContract/Notes.swift verbatim")
    func verbatim() throws {
        let root = TestBinaries.packageRoot
        let readme = String(decoding: try #require(Files.read("\(root)/README.md")), as: UTF8.self)
        let contract = String(decoding: try #require(Files.read("\(root)/Tests/Fixtures/NotesContract/Notes.swift")), as: UTF8.self)
        #expect(readme.contains("```swift\n" + contract + "```\n"))
    }
}
