import PlugboardProtocol
import PlugboardTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Lock files beside sockets: stale ones are cleaned up, live ones refuse a second server.
@Suite("Socket lock files")
struct SocketLockTests {
    let plugin = TestBinaries.path("simple-processor")

    @Test("a stale socket whose lock names a dead pid is cleaned up")
    func staleSocket() async throws {
        let directory = PluginDirectory()
        let id = "stale"
        let socket = "\(directory.path)/plugboard-\(id).sock"
        // A dead pid: a child that has exited and been reaped.
        let dead = try await TestProcess.run("/bin/sh", ["-c", "echo $$"])
        let deadPid = try #require(Int32(dead.stdout.filter(\.isNumber)))
        directory.write("plugboard-\(id).sock", "left over by a crash")
        directory.write("plugboard-\(id).sock.lock", "\(deadPid)\n")
        let config = #"{"id":"\#(id)","type":"unix","socketDirectory":"\#(directory.path)"}"#
        let (status, _) = try await TestProcess.withLive(plugin, ["--config", config]) { live in
            let line = try #require(try await live.nextLine())
            #expect(line == "http+unix://\(socket)")
            #expect(try await RawHTTP.request(socket, "GET", "/healthz").status == 200)
            #expect(try await RawHTTP.request(socket, "POST", "/shutdown").status == 200)
            #expect(try await live.nextLine() == nil)
        }
        #expect(status == 0)
        #expect(directory.entries.isEmpty, "left behind: \(directory.entries)")
    }

    /// `st_mode` of `path`, nil when it does not exist.
    static func mode(of path: String) -> mode_t? {
        var info = stat()
        return stat(path, &info) == 0 ? info.st_mode : nil
    }

    @Test("under umask 000 the socket is still 0600, and nothing but the socket and its lock is left beside it")
    func socketModeWithoutUmask() async throws {
        let directory = PluginDirectory()
        let id = "mode"
        let socket = "\(directory.path)/plugboard-\(id).sock"
        let config = #"{"id":"\#(id)","type":"unix","socketDirectory":"\#(directory.path)"}"#
        // The SDK no longer binds under a umask of its own: the mode comes from the private directory and chmod.
        let (status, _) = try await TestProcess.withLive("/bin/sh", ["-c", "umask 000; exec \"$0\" \"$@\"", plugin, "--config", config]) { live in
            let line = try await live.nextLine()
            #expect(line == "http+unix://\(socket)")
            let mode = Self.mode(of: socket)
            #expect(mode.map { $0 & S_IFMT } == S_IFSOCK)
            #expect(mode.map { $0 & 0o777 } == 0o600, "mode \(mode.map { String($0, radix: 8) } ?? "none")")
            #expect(directory.entries.sorted() == ["plugboard-\(id).sock", "plugboard-\(id).sock.lock"])
            #expect(try await RawHTTP.request(socket, "GET", "/healthz").status == 200)
            live.signal(SIGTERM)
            #expect(try await live.nextLine() == nil)
        }
        #expect(status == 0)
        #expect(directory.entries.isEmpty, "left behind: \(directory.entries)")
    }

    @Test("a lock held by a live process is refused with a message naming the pid; its files stay")
    func livePid() async throws {
        let directory = PluginDirectory()
        let id = "busy"
        directory.write("plugboard-\(id).sock", "")
        directory.write("plugboard-\(id).sock.lock", "\(getpid())\n")
        let config = #"{"id":"\#(id)","type":"unix","socketDirectory":"\#(directory.path)"}"#
        let outcome = try await TestProcess.run(plugin, ["--config", config])
        #expect(outcome.status == 1)
        #expect(outcome.stdout.isEmpty)
        #expect(outcome.stderr.contains("is in use by running process \(getpid())"), "stderr: \(outcome.stderr)")
        #expect(directory.entries == ["plugboard-\(id).sock", "plugboard-\(id).sock.lock"])
    }

    @Test("a lock file another process holds (flock) is refused even before that process has written its pid")
    func heldEmptyLock() async throws {
        let directory = PluginDirectory()
        let id = "starting"
        let lockPath = directory.write("plugboard-\(id).sock.lock", "")
        let fd = open(lockPath, O_RDWR | O_CLOEXEC)
        defer { close(fd) }
        #expect(flock(fd, LOCK_EX | LOCK_NB) == 0)
        let config = #"{"id":"\#(id)","type":"unix","socketDirectory":"\#(directory.path)"}"#
        let outcome = try await TestProcess.run(plugin, ["--config", config])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("is in use by another process, which holds its lock file"), "stderr: \(outcome.stderr)")
        #expect(directory.entries == ["plugboard-\(id).sock.lock"], "the holder's lock stays: \(directory.entries)")
    }

    @Test("a socket path longer than a sockaddr_un holds is a clear config error")
    func longPath() async throws {
        let long = "/tmp/" + String(repeating: "d", count: 120)
        let outcome = try await TestProcess.run(plugin, ["--config", #"{"id":"x","type":"unix","socketDirectory":"\#(long)"}"#])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("a Unix socket path holds at most 107"))
    }
}
