import SwiftSyntaxMacrosGenericTestSupport
import Testing

/// Misuse of `@PluginContract` is a compile-time error at the line and column where it is written, and the
/// macro then generates nothing (so no second wave of errors follows from half a contract).
@Suite("@PluginContract diagnostics")
struct PluginContractDiagnosticsTests {
    /// Expands `members` inside a contract protocol and expects one error, at `line` (1-based, within the whole
    /// source: the protocol line is 2) and `column`.
    /// `expandedMembers` are the members as they read after expansion (the `@Endpoint` markers removed).
    private func expectError(
        _ members: String, expandedMembers: String? = nil, _ message: String, line: Int, column: Int,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let source = """
            @PluginContract("broken")
            protocol Broken: Sendable {
            \(members)
            }
            """
        let expanded = """
            protocol Broken: Sendable {
            \(expandedMembers ?? members)
            }
            """
        assertExpansion(
            source,
            expandedSource: expanded,
            diagnostics: [DiagnosticSpec(message: message, line: line, column: column)],
            sourceLocation: sourceLocation
        )
    }

    @Test("a method that is not async throws")
    func notAsyncThrows() {
        expectError(
            "    func process(_ request: Request) throws -> Response",
            "method 'process' must be 'async throws': a call to a plugin crosses a process boundary, waits and can fail",
            line: 3, column: 17
        )
        expectError(
            "    func process(_ request: Request) async -> Response",
            "method 'process' must be 'async throws': a call to a plugin crosses a process boundary, waits and can fail",
            line: 3, column: 17
        )
    }

    @Test("typed throws")
    func typedThrows() {
        expectError(
            "    func process(_ request: Request) async throws(MyError) -> Response",
            "method 'process' must throw 'any Error' (plain 'throws'): a client reports transport and plugin failures as PluginError",
            line: 3, column: 17
        )
    }

    @Test("a type that cannot be Codable")
    func notCodable() {
        expectError(
            "    func run(_ callback: @escaping () -> Void) async throws",
            "method 'run': '@escaping () -> Void' cannot be a request body; take the value itself",
            line: 3, column: 26
        )
        expectError(
            "    func pair() async throws -> (Int, String)",
            "method 'pair': '(Int, String)' is not Codable (tuples do not conform to Codable); a body must be a Codable type, or [UInt8] for raw bytes",
            line: 3, column: 33
        )
        expectError(
            "    func any(_ value: any Encodable) async throws",
            "method 'any': 'any Encodable' is not Codable (the wire needs one concrete type to decode, not 'any'); a body must be a Codable type, or [UInt8] for raw bytes",
            line: 3, column: 23
        )
    }

    @Test("two methods on one path")
    func duplicatePath() {
        expectError(
            """
                func a() async throws -> Response
                @Endpoint(.post, "/a")
                func b() async throws -> Response
            """,
            expandedMembers: """
                func a() async throws -> Response
                func b() async throws -> Response
            """,
            "methods 'a' and 'b' are both on POST /a; give one of them another path with @Endpoint",
            line: 5, column: 10
        )
    }

    @Test("more than one parameter")
    func twoParameters() {
        expectError(
            "    func add(_ a: Int, _ b: Int) async throws -> Int",
            "method 'add' takes more than one parameter; an endpoint has one request body: put the values in one Codable struct",
            line: 3, column: 13
        )
    }

    @Test("raw bytes mixed with JSON")
    func mixedRaw() {
        expectError(
            "    func upload(_ bytes: [UInt8]) async throws -> Receipt",
            "method 'upload' mixes raw bytes and JSON; a raw endpoint takes [UInt8] (or nothing) and returns [UInt8] (or nothing)",
            line: 3, column: 16
        )
    }

    @Test("a property, and a method named like a generated member")
    func notAMethod() {
        expectError(
            "    var count: Int { get }",
            "a contract declares only methods (each one is an endpoint); a property cannot cross the wire",
            line: 3, column: 5
        )
        expectError(
            "    func routes() async throws -> Response",
            "method 'routes' would collide with the generated contract's static 'routes'; rename it and keep its path with @Endpoint(.post, \"/routes\")",
            line: 3, column: 10
        )
    }

    @Test("a bad @Endpoint")
    func badEndpoint() {
        expectError(
            """
                @Endpoint(.get, "formats")
                func formats() async throws -> Response
            """,
            expandedMembers: "    func formats() async throws -> Response",
            "@Endpoint path \"formats\" must start with / and hold no spaces or query; write @Endpoint(.get, \"/formats\")",
            line: 3, column: 21
        )
    }

    @Test("on something that is not a protocol")
    func notAProtocol() {
        assertExpansion(
            """
            @PluginContract("x")
            struct NotAProtocol {}
            """,
            expandedSource: "struct NotAProtocol {}",
            diagnostics: [DiagnosticSpec(message: "@PluginContract applies to a protocol: write it on `protocol MyContract: Sendable { ... }`", line: 1, column: 1)]
        )
    }
}
