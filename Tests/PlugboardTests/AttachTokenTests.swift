import Plugboard
import PlugboardContracts
import PlugboardProtocol
import PlugboardTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Attached plugins with tokens")
struct AttachTokenTests {
    @Test("--attach writes a token only into its 0600 manifest and requires it; the host sends it; a request without it gets 401")
    func tokenRequired() async throws {
        let directory = PluginDirectory()
        let manifestPath = "\(directory.path)/simple-processor.pconf"
        let (status, _) = try await TestProcess.withLive(TestBinaries.path("simple-processor"), ["--attach", directory.path, "--tcp"]) { live in
            let line = try #require(try await live.nextLine())
            let manifest = try Manifest.parse(try #require(Files.read(manifestPath)))
            let token = try #require(manifest.token)
            #expect(token.utf8.count == 32)
            var info = stat()
            #expect(stat(manifestPath, &info) == 0 && info.st_mode & 0o777 == 0o600)
            let address = String(line.dropFirst("http://".count))
            // Without it, or with another: 401.
            #expect(try await RawHTTP.request(address, "GET", "/healthz").status == 401)
            #expect(try await RawHTTP.request(address, "GET", "/healthz", headers: ["Authorization": "Bearer 0123456789abcdef0123456789abcdef"]).status == 401)
            // The host reads it from the manifest and sends it.
            try await TestHost.withManager { manager in
                let attached = try await manager.attach(manifest: manifestPath)
                #expect(attached.authenticated)
                let processor = try await manager.plugin(DataProcessorContract.self)
                #expect(try await processor.process(ProcessRequest(data: "token")).data.string == "TOKEN")
            }
            // A manifest that gives the wrong token: refused with the plugin's 401 named.
            var forged = manifest
            forged.token = "0123456789abcdef0123456789abcdef"
            let forgedPath = directory.write("forged.pconf", String(decoding: try WireJSON.encode(forged), as: UTF8.self))
            _ = try await TestHost.withManager { manager in
                await #expect { try await manager.attach(manifest: forgedPath) } throws: { error in
                    "\(error)".contains("401")
                }
            }
            live.signal(SIGTERM)
        }
        #expect(status == 0)
    }

    @Test("a manifest without a token still works and is marked unauthenticated, in PluginInfo and in `plugboard list`")
    func unauthenticatedManifest() async throws {
        let directory = PluginDirectory()
        // A GoPlug-style plugin started by someone else: the v1 Python fixture, announced by a hand-written manifest.
        let (status, _) = try await TestProcess.withLive(TestBinaries.script("go-style-plugin"), ["--config", #"{"id":"goplug-attached","type":"tcp"}"#]) { live in
            let line = try #require(try await live.nextLine())
            let port = try #require(line.split(separator: ":").last)
            directory.write("goplug.pconf", #"{"name":"goplug","url":"http://127.0.0.1:\#(port)"}"#)
            try await TestHost.withManager { manager in
                let info = try await manager.attach(manifest: "\(directory.path)/goplug.pconf")
                #expect(!info.authenticated)
                #expect(try await manager.handle(named: "goplug").ping() > .zero)
            }
            let listed = try await TestProcess.run(TestBinaries.path("plugboard"), ["list", directory.path])
            #expect(listed.stdout.contains("unauthenticated"), "\(listed.stdout)")
            live.signal(SIGKILL)
        }
        #expect(status == nil)
    }
}
