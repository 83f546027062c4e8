import Plugboard
import PlugboardTestSupport
import Testing

/// A plugin whose listen queue is full: a Unix-socket `connect` then fails at once with `EAGAIN`, which means "not
/// now". The host tries again within the call's deadline instead of failing the call.
@Suite("A plugin's full listen queue, real process")
struct ConnectBacklogTests {
    /// A v1 plugin on a Unix socket with a backlog of 0 that serves one connection at a time, each closed after
    /// its answer (a busy single-threaded server).
    static func oneAtATime(_ directory: PluginDirectory) {
        directory.script("one-at-a-time", """
            if [ "$1" = capabilities ]; then echo '{"types":{"dataProcessor":[{"type":"one-at-a-time"}]}}'; exit 0; fi
            exec python3 -c '
            import os, socket, sys
            path = os.path.join(os.environ.get("TMPDIR", "/tmp"), "one-at-a-time-%d.sock" % os.getpid())
            server = socket.socket(socket.AF_UNIX)
            server.bind(path)
            server.listen(0)
            print("http+unix://" + path, flush=True)
            while True:
                connection, _ = server.accept()
                data = b""
                while b"\\r\\n\\r\\n" not in data:
                    chunk = connection.recv(65536)
                    if not chunk:
                        break
                    data += chunk
                if data:
                    connection.sendall(b"HTTP/1.1 200 OK\\r\\ncontent-length: 2\\r\\nconnection: close\\r\\n\\r\\n{}")
                connection.close()
            ' "$0"
            """)
    }

    @Test("a call waits while the queue is full and is served once it drains; at its deadline it says the queue was full")
    func fullQueue() async throws {
        let directory = PluginDirectory()
        Self.oneAtATime(directory)
        try await TestHost.withManager { manager in
            try await manager.registerPlugins(in: directory.path, options: TestHost.options(lazy: true))
            let handle = try await manager.handle(named: "one-at-a-time")
            #expect(try await handle.send(.get, "/healthz").status == 200)
            let location = try #require(handle.status.location)
            let path = String(location.dropFirst("http+unix://".count))
            let held = try await RawHTTP.fillAcceptQueue(path)

            // Nobody is accepted until the deadline: the call fails with a timeout that names the cause.
            let error = await #expect(throws: PluginError.self) { try await handle.send(.get, "/healthz", timeout: .milliseconds(300)) }
            #expect(error?.code == .timeout)
            #expect(error?.message.contains("listen queue stayed full") == true, "\(String(describing: error))")
            #expect(handle.status.state == .ready, "a full queue is not a crash")

            // The queue drains while a call waits: it gets its answer.
            let call = Task { try await handle.send(.get, "/healthz", timeout: .seconds(30)) }
            RawHTTP.release(held)
            #expect(try await call.value.status == 200)
        }
    }
}
