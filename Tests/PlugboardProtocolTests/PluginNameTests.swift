import PlugboardProtocol
import Testing

@Suite("Plugin names")
struct PluginNameTests {
    @Test("name and namespace/name parse")
    func parses() throws {
        let plain = try PluginName(parsing: "resizer")
        #expect(plain.name == "resizer" && plain.namespace == nil)
        let full = try PluginName(parsing: "acme.tools/resizer_2-b")
        #expect(full.namespace == "acme.tools" && full.name == "resizer_2-b")
        #expect(full.description == "acme.tools/resizer_2-b")
    }

    @Test("invalid names are refused with a reason", arguments: ["", "a/b/c", "sp ace", "slash/", "ünïcode", "semi;colon"])
    func refuses(text: String) {
        #expect(throws: ProtocolError.self) { try PluginName(parsing: text) }
    }
}
