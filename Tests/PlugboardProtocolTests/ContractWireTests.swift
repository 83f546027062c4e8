import JSONSchema
import PlugboardContracts
import PlugboardProtocol
import Synchronization
import Testing

/// The macro-generated clients and routes of the shipped contracts put the same bytes on the wire as the
/// hand-written ones did (and as the Go framework's plugins do): recorded JSON, compared byte for byte.
@Suite("Contract wire compatibility")
struct ContractWireTests {
    /// A transport that records what a client sends and answers a canned body.
    final class Recorder: EndpointTransport {
        let answer: String
        let sent = Mutex<[(HTTPMethod, String, String)]>([])
        init(answer: String) { self.answer = answer }

        func send(_ method: HTTPMethod, _ path: String, body: [UInt8]) async throws -> [UInt8] {
            sent.withLock { $0.append((method, path, String(decoding: body, as: UTF8.self))) }
            return Array(answer.utf8)
        }

        var requests: [String] { sent.withLock { $0.map { "\($0.0.rawValue) \($0.1) \($0.2)" } } }
    }

    struct Upper: DataProcessor {
        func process(_ request: ProcessRequest) async throws -> ProcessResponse {
            ProcessResponse(data: Base64Bytes(Array(request.data.string.uppercased().utf8)), format: request.format, metadata: ["processed_by": "my-plugin"])
        }
        func formats() async throws -> [String] { ["text/plain", "text/markdown"] }
    }

    struct Replace: Transformer {
        func transform(_ request: TransformRequest) async throws -> TransformResponse {
            let text = request.data.string.split(separator: request.parameters["from"] ?? "", omittingEmptySubsequences: false).joined(separator: request.parameters["to"] ?? "")
            return TransformResponse(data: Base64Bytes(Array(text.utf8)), metadata: ["transformation": request.transformation])
        }
        func transformations() async throws -> [TransformationInfo] {
            [TransformationInfo(name: "replace", description: "replaces `from` with `to`", parameters: [ParameterInfo(name: "from", required: true), "to"]), TransformationInfo(name: "reverse", description: "reverses")]
        }
    }

    private func serve(_ routes: [Route], _ method: HTTPMethod, _ path: String, _ body: String) async throws -> String {
        let route = try #require(routes.first { $0.method == method && $0.path == path })
        return String(decoding: try await route.handler(Array(body.utf8)), as: UTF8.self)
    }

    @Test("dataProcessor client: the seed's request goes out as recorded, the seed's response decodes")
    func dataProcessorClient() async throws {
        let recorder = Recorder(answer: #"{"data":"SEVMTE8gV09STEQ=","metadata":{"processed_by":"my-plugin"}}"#)
        let response = try await DataProcessorContract.client(recorder).process(ProcessRequest(data: "hello world", format: "text/plain"))
        #expect(recorder.requests == [#"POST /process {"data":"aGVsbG8gd29ybGQ=","format":"text/plain"}"#])
        #expect(response == ProcessResponse(data: "HELLO WORLD", metadata: ["processed_by": "my-plugin"]))

        let formats = Recorder(answer: #"{"formats":["text/plain"]}"#)
        #expect(try await DataProcessorContract.client(formats).formats() == ["text/plain"])
        #expect(formats.requests == ["GET /formats "])
    }

    @Test("dataProcessor routes answer the recorded bytes")
    func dataProcessorRoutes() async throws {
        let routes = DataProcessorContract.routes(Upper())
        #expect(routes.map { "\($0.method.rawValue) \($0.path) \($0.contentType)" } == ["POST /process application/json", "GET /formats application/json"])
        #expect(try await serve(routes, .post, "/process", #"{"data":"aGVsbG8gd29ybGQ=","format":"text/plain"}"#)
                == #"{"data":"SEVMTE8gV09STEQ=","format":"text/plain","metadata":{"processed_by":"my-plugin"}}"#)
        #expect(try await serve(routes, .get, "/formats", "") == #"{"formats":["text/plain","text/markdown"]}"#)
        await #expect {
            try await serve(routes, .post, "/process", #"{"format":"text/plain"}"#)
        } throws: { error in
            (error as? ErrorBody)?.statusCode == 400 && (error as? ErrorBody)?.message.contains("$.data") == true
        }
    }

    @Test("transformer client and routes, recorded")
    func transformer() async throws {
        let recorder = Recorder(answer: #"{"data":"cGx1Z2lucyBpbiBTd2lmdA==","metadata":{"transformation":"replace","transformed_by":"transformer"}}"#)
        let request = TransformRequest(data: "plugins in swift", transformation: "replace", parameters: ["from": "swift", "to": "Swift"])
        let response = try await TransformerContract.client(recorder).transform(request)
        #expect(recorder.requests == [#"POST /transform {"data":"cGx1Z2lucyBpbiBzd2lmdA==","transformation":"replace","parameters":{"from":"swift","to":"Swift"}}"#])
        #expect(response.data.string == "plugins in Swift")

        let list = Recorder(answer: #"{"transformations":[{"name":"replace","description":"d","parameters":[{"name":"from","type":"string","required":true}]}]}"#)
        #expect(try await TransformerContract.client(list).transformations() == [TransformationInfo(name: "replace", description: "d", parameters: [ParameterInfo(name: "from", required: true)])])
        #expect(list.requests == ["GET /transformations "])

        let routes = TransformerContract.routes(Replace())
        #expect(try await serve(routes, .post, "/transform", #"{"data":"cGx1Z2lucyBpbiBzd2lmdA==","transformation":"replace","parameters":{"from":"swift","to":"Swift"}}"#)
                == #"{"data":"cGx1Z2lucyBpbiBTd2lmdA==","metadata":{"transformation":"replace"}}"#)
        #expect(try await serve(routes, .get, "/transformations", "")
                == #"{"transformations":[{"name":"replace","description":"replaces `from` with `to`","parameters":[{"name":"from","type":"string","required":true},{"name":"to","type":"string","required":false}]},{"name":"reverse","description":"reverses"}]}"#)
    }

    @Test("the transformations schema accepts what Go writes")
    func transformationsSchema() throws {
        let described = try TransformerContract.endpoints.map { try $0.describe() }
        let schema = try JSONSchema(json: try #require(described[1].responseSchema).bytes)
        // What Go's encoding/json writes for its contracts.TransformationInfo (as in TransformerWireTests).
        let recordedGo = #"{"transformations":[{"name":"reverse","description":"reverses the text"},{"name":"replace","description":"replaces from with to","parameters":[{"name":"from","type":"string","required":true,"description":"the text to find"},{"name":"to","type":"string","required":false}]},{"name":"repeat","description":"repeats","parameters":[{"name":"count","type":"integer","required":false,"default":2},{"name":"options","type":"object","required":false,"default":{"trim":true}}]}]}"#
        let errors = schema.validate(try JSONValue(parsing: Array(recordedGo.utf8))).errors
        #expect(errors.isEmpty, "\(errors)")
        #expect(schema.validate(try JSONValue(parsing: Array(#"{"transformations":[{"description":"no name"}]}"#.utf8))).errors.map(\.instanceLocation) == ["/transformations/0"])
    }

    @Test("the endpoints a plugin advertises, with their derived schemas")
    func advertised() throws {
        let described = try DataProcessorContract.endpoints.map { try $0.describe() }
        #expect(described.map { "\($0.method.rawValue) \($0.path)" } == ["POST /process", "GET /formats"])
        #expect(described[0].requestSchema == (try WireSchema.derive(ProcessRequest.self)))
        #expect(described[1].requestSchema == nil)
        #expect(described[1].responseSchema?.description == #"{"properties":{"formats":{"items":{"type":"string"},"type":"array"}},"required":["formats"],"type":"object"}"#)
    }
}
