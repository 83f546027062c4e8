import NotesContract
@testable import Plugboard
import PlugboardProtocol
import Testing

/// Which request bodies the host checks: those of a type that does not derive the advertised schema.
@Suite("Endpoint schemas on the host")
struct EndpointSchemasTests {
    private func capabilities() throws -> Capabilities {
        Capabilities(endpoints: ["notes": try NotesContract.endpoints.map { try $0.describe() }])
    }

    @Test("a body of the very type the schema was derived from needs no check; another type's does")
    func derivedMatch() throws {
        let schemas = EndpointSchemas(try capabilities(), validation: .requests)
        #expect(schemas.request(.post, "/add", encodedFrom: Note.self) == nil)
        #expect(schemas.request(.post, "/add", encodedFrom: LooseNote.self) != nil)
        #expect(schemas.request(.post, "/add") != nil, "a raw send of unknown type is checked")
        #expect(schemas.request(.get, "/notes") == nil, "GET /notes takes no body")
        #expect(schemas.response(.get, "/notes") == nil, "responses only when asked")
    }

    @Test("off checks nothing; requestsAndResponses checks responses too")
    func modes() throws {
        #expect(EndpointSchemas(try capabilities(), validation: .off).request(.post, "/add") == nil)
        #expect(EndpointSchemas(try capabilities(), validation: .requestsAndResponses).response(.get, "/notes") != nil)
    }
}
