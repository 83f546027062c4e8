import Plugboard
import PlugboardProtocol
import PlugboardTestSupport
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

extension TLSFixture {
    /// The host's side: the test CA, and the client certificate it signed.
    static var host: PluginTLS {
        PluginTLS(caCertificates: [path("ca.pem")], certificateChain: path("client.pem"), privateKey: path("client-key.pem"))
    }

    /// ``withPlugin(mutual:_:)``, expecting a clean exit and an `https://` URL; returns the plugin's stderr.
    static func serving(certificate: String = "server", mutual: Bool, _ body: @escaping @Sendable (String, PluginDirectory, TestProcess.Live) async throws -> Void) async throws -> String {
        let (status, stderr) = try await withPlugin(certificate: certificate, mutual: mutual) { url, directory, live in
            #expect(url.hasPrefix("https://127.0.0.1:"), "\(url)")
            try await body(url, directory, live)
        }
        #expect(status == 0, "\(stderr)")
        return stderr
    }
}

#if TLS
@Suite("Attached plugins over TLS")
struct TLSTests {
    @Test("mutual TLS: the SDK's manifest says https and holds no token; calls, methods and events go over TLS with the right CA and client certificate")
    func mutualTLS() async throws {
        _ = try await TLSFixture.serving(mutual: true) { url, directory, _ in
            let manifestPath = "\(directory.path)/examples.text-tools.pconf"
            let manifest = try Manifest.parse(try #require(Files.read(manifestPath)))
            #expect(manifest.url == url)
            // The client certificate is the credential: a host on another machine could not read a token here.
            #expect(manifest.token == nil)
            var options = TestHost.options()
            options.tls = TLSFixture.host
            try await TestHost.withManager { manager in
                let info = try await manager.attach(manifest: manifestPath, options: options)
                #expect(info.tls && info.authenticated)
                let handle = try await manager.handle(named: "examples/text-tools")
                #expect(String(decoding: try await handle.execute("reverse", Array("tls".utf8)), as: UTF8.self) == "slt")
                #expect(try await handle.send(.get, "/healthz").status == 200)
                #expect(await manager.plugins().first { $0.name == "examples/text-tools" }?.status.location == url)
                // Events: their own connection, over TLS too.
                let received = Mutex<[String]>([])
                try await handle.on("progress") { data in received.withLock { $0.append(String(decoding: data, as: UTF8.self)) } }
                _ = try await handle.execute("announce", Array(#"{"count":3}"#.utf8))
                #expect(await eventually { received.withLock { $0.count == 3 } })
                #expect(received.withLock { $0 } == ["1/3", "2/3", "3/3"])
            }
        }
    }

    @Test("server-only TLS: the manifest's tls keys name the CA relative to the manifest; the token still rides every request")
    func manifestKeys() async throws {
        _ = try await TLSFixture.serving(mutual: false) { url, directory, _ in
            let announced = try Manifest.parse(try #require(Files.read("\(directory.path)/examples.text-tools.pconf")))
            let token = try #require(announced.token)
            let hosts = PluginDirectory()
            hosts.write("trusted-ca.pem", String(decoding: try #require(Files.read(TLSFixture.path("ca.pem"))), as: UTF8.self))
            let path = hosts.write("tools.pconf", #"{"name":"tools","url":"\#(url)","token":"\#(token)","tls":{"ca":"trusted-ca.pem"}}"#)
            try await TestHost.withManager { manager in
                let info = try await manager.attach(manifest: path, options: TestHost.options())
                #expect(info.tls && info.authenticated)
                let reversed = try await manager.handle(named: "tools").execute("reverse", Array("abc".utf8))
                #expect(String(decoding: reversed, as: UTF8.self) == "cba")
            }
        }
    }

    @Test("a host without a client certificate is refused by a mutual-TLS plugin: the host's error and the plugin's log line say so")
    func noClientCertificate() async throws {
        let stderr = try await TLSFixture.serving(mutual: true) { url, _, live in
            try await TestHost.withManager { manager in
                let error = await #expect(throws: PluginError.self) {
                    try await manager.attach(url: url, name: "tools", tls: PluginTLS(caCertificates: [TLSFixture.path("ca.pem")]), options: TestHost.options())
                }
                #expect(error?.code == .tls, "\(String(describing: error))")
                #expect(error?.plugin == "tools")
                #expect(error?.message.contains(url) == true, "\(String(describing: error))")
                // The alert, or (when the plugin's close raced it away) the close right after the handshake.
                #expect(error.map { $0.message.contains("requires a client certificate and the host sent none") || $0.message.contains("refused the host's client certificate or the lack of one") } == true, "\(String(describing: error))")
                #expect(await manager.plugins().isEmpty)
            }
            #expect(await live.waitForStderr(containing: "the client sent no certificate"), "\(live.stderr)")
        }
        #expect(stderr.contains("TLS handshake with 127.0.0.1:"), "\(stderr)")
    }

    @Test("a client certificate from another CA is refused: both sides say so")
    func clientCertificateFromAnotherCA() async throws {
        _ = try await TLSFixture.serving(mutual: true) { url, _, live in
            try await TestHost.withManager { manager in
                let tls = PluginTLS(caCertificates: [TLSFixture.path("ca.pem")], certificateChain: TLSFixture.path("other-client.pem"), privateKey: TLSFixture.path("other-client-key.pem"))
                let error = await #expect(throws: PluginError.self) { try await manager.attach(url: url, name: "tools", tls: tls, options: TestHost.options()) }
                #expect(error?.code == .tls, "\(String(describing: error))")
                #expect(error?.message.contains("refused the host's client certificate") == true, "\(String(describing: error))")
            }
            #expect(await live.waitForStderr(containing: "the client's certificate is not signed by the client CA \(TLSFixture.path("ca.pem"))"), "\(live.stderr)")
        }
    }

    @Test("a host that trusts another CA refuses the plugin's certificate: verification failed, and the plugin logs that it was refused")
    func wrongCAForServer() async throws {
        _ = try await TLSFixture.serving(mutual: true) { url, _, live in
            try await TestHost.withManager { manager in
                var tls = TLSFixture.host
                tls.trust = .certificateFiles([TLSFixture.path("other-ca.pem")])
                let error = await #expect(throws: PluginError.self) { try await manager.attach(url: url, name: "tools", tls: tls, options: TestHost.options()) }
                #expect(error?.code == .tls)
                #expect(error?.message.contains("certificate verify failed") == true, "\(String(describing: error))")
                #expect(error?.message.contains(url) == true)
            }
            // The host's alert reaches the plugin after the host has given up: waited for, not assumed.
            #expect(await live.waitForStderr(containing: "the client refused this plugin's certificate"), "\(live.stderr)")
        }
    }

    @Test("a certificate for another name than the URL's: wrong host name; with that name as serverName, it works")
    func wrongHostName() async throws {
        _ = try await TLSFixture.serving(certificate: "elsewhere", mutual: true) { url, _, _ in
            try await TestHost.withManager { manager in
                let error = await #expect(throws: PluginError.self) { try await manager.attach(url: url, name: "tools", tls: TLSFixture.host, options: TestHost.options()) }
                #expect(error?.code == .tls)
                #expect(error?.message.contains("wrong host name") == true, "\(String(describing: error))")
                var tls = TLSFixture.host
                tls.serverName = "resizer.example"
                let info = try await manager.attach(url: url, name: "tools", tls: tls, options: TestHost.options())
                #expect(info.tls)
            }
        }
    }

    @Test("https with no CA, tls keys on an http URL, an unreadable key: refused before anything is sent, naming the cause")
    func badConfigurations() async throws {
        try await TestHost.withManager { manager in
            let noCA = await #expect(throws: PluginError.self) { try await manager.attach(url: "https://127.0.0.1:9", name: "remote") }
            #expect(noCA?.code == .tls)
            #expect(noCA?.message.contains("no CA certificate is given") == true, "\(String(describing: noCA))")

            let directory = PluginDirectory()
            let plain = directory.write("plain.pconf", #"{"name":"plain","url":"http://127.0.0.1:9","tls":{"ca":"ca.pem"}}"#)
            let refused = await #expect(throws: PluginError.self) { try await manager.attach(manifest: plain) }
            #expect(refused?.code == .invalidManifest)
            #expect(refused?.message.contains("is not https://") == true, "\(String(describing: refused))")

            var tls = TLSFixture.host
            tls.privateKey = "\(directory.path)/missing-key.pem"
            let missing = await #expect(throws: PluginError.self) { try await manager.attach(url: "https://127.0.0.1:9", name: "remote", tls: tls, options: TestHost.options()) }
            #expect(missing?.code == .tls)
            #expect(missing?.message.contains("cannot read the private key \(directory.path)/missing-key.pem") == true, "\(String(describing: missing))")
            #expect(await manager.plugins().isEmpty)
        }
    }
}
#else
@Suite("https without the TLS trait")
struct TLSUnavailableTests {
    @Test("an https URL in a build without the trait TLS fails, saying so")
    func traitMissing() async throws {
        try await TestHost.withManager { manager in
            let error = await #expect(throws: PluginError.self) { try await manager.attach(url: "https://127.0.0.1:9", name: "remote", tls: TLSFixture.host, options: TestHost.options()) }
            #expect(error?.code == .tls)
            #expect(error?.message.contains("compiled without the package trait TLS") == true, "\(String(describing: error))")
        }
    }
}
#endif
