#if canImport(Glibc)
import Glibc
#endif

/// The TLS test certificates (Tests/Fixtures/tls, made by its make-certs.sh: a CA, a server certificate for
/// localhost and 127.0.0.1 and a client certificate it signed, and an unrelated CA with a client certificate of its
/// own), and an attached plugin serving TLS with them.
public enum TLSFixture {
    /// The file `name` of the fixtures.
    public static func path(_ name: String) -> String { "\(TestBinaries.packageRoot)/Tests/Fixtures/tls/\(name)" }

    /// The plugin printed no URL.
    public struct NoURL: Error {}

    /// Runs `EXECUTABLE --attach DIR --tcp` (an SDK plugin) serving TLS with the test certificate `certificate`
    /// (`server`: for localhost and 127.0.0.1; `elsewhere`: for resizer.example only) (requiring client
    /// certificates from the test CA when `mutual`) (at `listen`, `HOST:PORT`, when given), runs `body` with the URL it printed, its directory and the process, stops
    /// it with SIGTERM, and returns its exit status and what it logged on stderr.
    public static func withPlugin(_ executable: String = "text-tools", certificate: String = "server", mutual: Bool, listen: String? = nil, _ body: @escaping @Sendable (String, PluginDirectory, TestProcess.Live) async throws -> Void) async throws -> (status: Int32?, stderr: String) {
        let directory = PluginDirectory()
        var arguments = ["--attach", directory.path, "--tcp", "--tls-cert", path("\(certificate).pem"), "--tls-key", path("\(certificate)-key.pem")]
        if mutual { arguments += ["--tls-client-ca", path("ca.pem")] }
        if let listen { arguments += ["--listen", listen] }
        return try await TestProcess.withLive(TestBinaries.path(executable), arguments) { live in
            guard let url = try await live.nextLine() else { throw NoURL() }
            try await body(url, directory, live)
            live.signal(SIGTERM)
        }
    }
}
