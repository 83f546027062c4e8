import NotesContract
import Plugboard
import PlugboardProtocol
import PlugboardTestSupport
import Testing

/// A contract written with `@PluginContract` alone, served by a Swift plugin in its own process and called by a
/// host: no hand-written client, routes or schema anywhere.
@Suite("@PluginContract end to end, real processes")
struct ContractMacroTests {
    @Test("a three-method contract over both transports", arguments: [TransportPreference.unix, .tcp])
    func threeMethods(transport: TransportPreference) async throws {
        let directory = PluginDirectory()
        directory.link("notes-plugin")
        try await TestHost.withManager { manager in
            let report = try await manager.registerPlugins(in: directory.path, options: TestHost.options(transport))
            #expect(report.failures.isEmpty, "\(report.failures)")
            let location = try #require(report.registered.first?.status.location)
            #expect(location.hasPrefix(transport == .tcp ? "http://127.0.0.1:" : "http+unix:///"))

            let notes = try await manager.plugin(NotesContract.self)              // a NotesClient: the plugin is external
            let id = try await notes.add(Note(title: "first", tags: ["a"]))       // POST /add {"title":"first","tags":["a"]}
            #expect(id == NoteID(id: 1))
            #expect(try await notes.add(Note(title: "second", body: "text")) == NoteID(id: 2))
            #expect(try await notes.list().notes == [Note(title: "first", tags: ["a"]), Note(title: "second", body: "text")])
            try await notes.clear()
            #expect(try await notes.list().notes.isEmpty)

            // The plugin advertised each endpoint with the schemas derived from the types.
            let endpoints = try #require(report.registered.first?.capabilities?.endpoints["notes"])
            #expect(endpoints.map { "\($0.method.rawValue) \($0.path)" } == ["POST /add", "GET /notes", "DELETE /notes"])
            #expect(endpoints[0].requestSchema == (try WireSchema.derive(Note.self)))
        }
        directory.remove()
    }

    @Test("a request that breaks the derived schema is refused on the host, naming the JSON path; nothing is sent")
    func refusedOnTheHost() async throws {
        let directory = PluginDirectory()
        directory.link("notes-plugin")
        try await TestHost.withManager { manager in
            _ = try await manager.registerPlugins(in: directory.path, options: TestHost.options())
            let loose = try await manager.plugin(LooseNotesContract.self)
            await #expect {
                try await loose.add(LooseNote(title: nil, tags: [7]))
            } throws: { error in
                guard let error = error as? PluginError, error.code == .invalidInput else { return false }
                return error.message.contains("POST /add") && error.message.contains(#"required property "title" is missing"#)
                    && error.message.contains("/tags/0") && error.message.contains("nothing was sent")
            }
            // Nothing reached the plugin: it holds no note.
            #expect(try await manager.plugin(NotesContract.self).list().notes.isEmpty)
        }
        directory.remove()
    }

    @Test("with validation off, the plugin refuses it, naming the JSON path")
    func refusedByThePlugin() async throws {
        let directory = PluginDirectory()
        directory.link("notes-plugin")
        try await TestHost.withManager { manager in
            var options = TestHost.options()
            options.contractValidation = .off
            _ = try await manager.registerPlugins(in: directory.path, options: options)
            let loose = try await manager.plugin(LooseNotesContract.self)
            await #expect {
                try await loose.add(LooseNote(title: nil, tags: [7]))
            } throws: { error in
                guard let error = error as? PluginError, error.code == .requestFailed else { return false }
                return error.status == 400 && error.message.contains("$.title")
            }
        }
        directory.remove()
    }
}
