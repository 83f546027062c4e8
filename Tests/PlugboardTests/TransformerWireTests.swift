import PlugboardContracts
import PlugboardProtocol
import Testing

/// `GET /transformations` in the Go framework's shape (`contracts.TransformationInfo` and `ParameterInfo`), both ways:
/// the JSON below is what Go's `encoding/json` writes for those types.
@Suite("Transformer wire shape matches the Go framework's contract types")
struct TransformerWireTests {
    /// `json.Marshal` of a `[]TransformationInfo` wrapped as `{"transformations": ...}`: `parameters` omitted when
    /// empty, `required` always written, `default` and a parameter's `description` only when set.
    static let recordedGo = #"{"transformations":[{"name":"reverse","description":"reverses the text"},{"name":"replace","description":"replaces from with to","parameters":[{"name":"from","type":"string","required":true,"description":"the text to find"},{"name":"to","type":"string","required":false}]},{"name":"repeat","description":"repeats","parameters":[{"name":"count","type":"integer","required":false,"default":2},{"name":"options","type":"object","required":false,"default":{"trim":true}}]}]}"#

    static let values = [
        TransformationInfo(name: "reverse", description: "reverses the text"),
        TransformationInfo(name: "replace", description: "replaces from with to", parameters: [
            ParameterInfo(name: "from", required: true, description: "the text to find"),
            "to",
        ]),
        TransformationInfo(name: "repeat", description: "repeats", parameters: [
            ParameterInfo(name: "count", type: "integer", default: "2"),
            ParameterInfo(name: "options", type: "object", default: #"{"trim":true}"#),
        ]),
    ]

    @Test("Go's JSON decodes into the Swift values")
    func decodesGo() throws {
        let decoded = try WireJSON.decode(TransformationsResponse.self, from: Array(Self.recordedGo.utf8))
        #expect(decoded.transformations == Self.values)
        #expect(decoded.transformations[1].parameterNames == ["from", "to"])
    }

    @Test("the Swift values encode to exactly Go's bytes")
    func encodesAsGo() throws {
        let encoded = try WireJSON.encode(TransformationsResponse(transformations: Self.values))
        #expect(String(decoding: encoded, as: UTF8.self) == Self.recordedGo)
    }

    @Test("Go's any-valued parameters and metadata decode: strings as they are, other values as their JSON text")
    func anyValuedMaps() throws {
        let request = try WireJSON.decode(TransformRequest.self, from: Array(#"{"data":"aGk=","transformation":"repeat","parameters":{"count":3,"options":{"trim":true},"sep":"-","on":false,"none":null}}"#.utf8))
        #expect(request.parameters == ["count": "3", "options": #"{"trim":true}"#, "sep": "-", "on": "false", "none": "null"])
        let response = try WireJSON.decode(TransformResponse.self, from: Array(#"{"data":"aGk=","metadata":{"length":2,"by":"go"}}"#.utf8))
        #expect(response.metadata == ["length": "2", "by": "go"])
        #expect(try WireJSON.decode(TransformResponse.self, from: Array(#"{"data":"aGk="}"#.utf8)).metadata == nil)
    }

    @Test("what Go fills in when keys are missing or null, and the old string form, decode too")
    func lenientLikeGo() throws {
        let json = #"{"transformations":[{"name":"a","parameters":[{"name":"x","default":null,"description":""},"y"]}]}"#
        let decoded = try WireJSON.decode(TransformationsResponse.self, from: Array(json.utf8)).transformations
        #expect(decoded == [TransformationInfo(name: "a", description: "", parameters: [ParameterInfo(name: "x", type: ""), "y"])])
        // Written again as Go would: `default` and an empty `description` left out.
        #expect(String(decoding: try WireJSON.encode(decoded[0]), as: UTF8.self)
            == #"{"name":"a","description":"","parameters":[{"name":"x","type":"","required":false},{"name":"y","type":"string","required":false}]}"#)
    }
}
