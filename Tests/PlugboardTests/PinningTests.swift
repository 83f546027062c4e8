import Plugboard
import PlugboardContracts
import PlugboardProtocol
import PlugboardTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Pinned plugins")
struct PinningTests {
    /// A v1 script plugin serving `dataProcessor` type `TYPE`: its answer names the type, so a test can tell which
    /// file ran. It reads nothing of its own path (a pinned script runs as /dev/fd/N).
    static func script(type: String) -> String {
        """
        #!/bin/sh
        if [ "$1" = capabilities ]; then echo '{"types":{"dataProcessor":[{"type":"\(type)"}]}}'; exit 0; fi
        exec python3 -c '
        import http.server, json
        class H(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def reply(self, body):
                data = json.dumps(body).encode()
                self.send_response(200); self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data))); self.end_headers(); self.wfile.write(data)
            def do_GET(self): self.reply({"formats": ["text/plain"]})
            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                self.reply({"data": "", "format": "text/plain", "metadata": {"ran": "\(type)"}})
            def log_message(self, *a): pass
        s = http.server.HTTPServer(("127.0.0.1", 0), H)
        print("127.0.0.1:%d" % s.server_port, flush=True)
        s.serve_forever()
        '

        """
    }

    static func pin(_ directory: PluginDirectory, _ names: [String]) throws {
        var digests: [String: String] = [:]
        for name in names { digests[name] = try PinLock.digest(ofFile: "\(directory.path)/\(name)") }
        try PinLock(digests: digests).write(directory: directory.path)
    }

    /// Changes one byte of a file in place (its inode stays the same).
    static func flipByte(_ path: String, at offset: off_t) {
        let fd = open(path, O_RDWR)
        precondition(fd >= 0, "cannot open \(path)")
        var byte: UInt8 = 0
        _ = pread(fd, &byte, 1, offset)
        byte ^= 0x01
        _ = pwrite(fd, &byte, 1, offset)
        close(fd)
    }

    static func pinned(lazy: Bool = false) -> RegistrationOptions {
        var options = TestHost.options(.tcp, lazy: lazy)
        options.pinning = .lockFile
        return options
    }

    @Test("a pinned Swift plugin (executed from the descriptor the host hashed) runs; one byte changed is refused with both digests")
    func pinnedBinary() async throws {
        let directory = PluginDirectory()
        let copy = "\(directory.path)/simple-processor"
        // A copy of its own: the test changes a byte of it.
        #expect(system("cp '\(TestBinaries.path("simple-processor"))' '\(copy)'") == 0)
        try Self.pin(directory, ["simple-processor"])
        let expected = try PinLock.digest(ofFile: copy)
        try await TestHost.withManager { manager in
            let report = try await manager.registerPlugins(in: directory.path, options: Self.pinned())
            #expect(report.failures.isEmpty, "\(report.failures)")
            let processor = try await manager.plugin(DataProcessorContract.self)
            #expect(try await processor.process(ProcessRequest(data: "pinned")).data.string == "PINNED")
        }
        // The last byte of an ELF file is section data that a flip does not make unrunnable: refused all the same.
        Self.flipByte(copy, at: off_t(FileSystemInfo.size(copy) - 1))
        let actual = try PinLock.digest(ofFile: copy)
        try await TestHost.withManager { manager in
            let report = try await manager.registerPlugins(in: directory.path, options: Self.pinned())
            let failure = try #require(report.failures.first)
            #expect(failure.code == .pinMismatch)
            #expect(failure.message.contains(expected) && failure.message.contains(actual), "\(failure)")
            #expect(failure.path == copy)
            #expect(await manager.plugins().isEmpty)
        }
    }

    @Test("a file replaced between discovery and start is refused at the start; the lock is read again at each registration")
    func swappedAfterDiscovery() async throws {
        let directory = PluginDirectory()
        let path = directory.write("swapped", Self.script(type: "original"), mode: 0o755)
        try Self.pin(directory, ["swapped"])
        try await TestHost.withManager { manager in
            // Lazy: discovered (and hashed) now, started on the first call.
            let report = try await manager.registerPlugins(in: directory.path, options: Self.pinned(lazy: true))
            #expect(report.failures.isEmpty, "\(report.failures)")
            // The window: another file renamed over the path after discovery, before the start.
            let impostor = directory.write("impostor", Self.script(type: "original"), mode: 0o755)
            Self.flipByte(impostor, at: 3)
            #expect(rename(impostor, path) == 0)
            let processor = try await manager.plugin(DataProcessorContract.self, type: "original")
            await #expect { _ = try await processor.process(ProcessRequest(data: "x")) } throws: { error in
                guard let error = error as? PluginError else { return false }
                return error.code == .pinMismatch && error.message.contains("digest mismatch")
            }
        }
    }

    @Test("a pinned script runs; an unpinned new file and a missing lock are refused, naming the file")
    func unpinnedAndMissing() async throws {
        let directory = PluginDirectory()
        directory.write("good", Self.script(type: "good"), mode: 0o755)
        _ = try await TestHost.withManager { manager in
            await #expect { try await manager.registerPlugins(in: directory.path, options: Self.pinned()) } throws: { error in
                (error as? PluginError)?.code == .pinMismatch && "\(error)".contains("plugboard.lock")
            }
        }
        try Self.pin(directory, ["good"])
        directory.write("newcomer", Self.script(type: "newcomer"), mode: 0o755)
        try await TestHost.withManager { manager in
            let report = try await manager.registerPlugins(in: directory.path, options: Self.pinned())
            #expect(report.registered.map(\.name) == ["good"])
            let failure = try #require(report.failures.first)
            #expect(failure.code == .pinMismatch && failure.plugin == "newcomer" && failure.message.contains("not pinned"), "\(failure)")
            let good = try await manager.plugin(DataProcessorContract.self, type: "good")
            #expect(try await good.process(ProcessRequest(data: "x")).metadata?["ran"] == "good")
        }
    }

    @Test("the capabilities cache never stands in for the check: a file changed between two registrations is refused")
    func cacheDoesNotSkipTheCheck() async throws {
        let directory = PluginDirectory()
        let path = directory.write("cached", Self.script(type: "cached"), mode: 0o755)
        try Self.pin(directory, ["cached"])
        try await TestHost.withManager { manager in
            var options = Self.pinned(lazy: true)
            let first = try await manager.registerPlugins(in: directory.path, options: options)
            #expect(first.failures.isEmpty && manager.capabilitiesCache.count == 1)
            await manager.remove("cached")
            // Changed in place (the capabilities it prints are the same).
            Self.flipByte(path, at: off_t(FileSystemInfo.size(path) - 2))
            options.filter = { $0 == "cached" }
            let second = try await manager.registerPlugins(in: directory.path, options: options)
            #expect(second.registered.isEmpty)
            #expect(second.failures.first?.code == .pinMismatch)
        }
    }

    @Test("the launcher runs the inode the host hashed, and refuses one written to since")
    func launcherChecksTheDescriptor() async throws {
        let directory = PluginDirectory()
        let path = directory.write("tool", "#!/bin/sh\necho first\n", mode: 0o755)
        let launcher = TestBinaries.path("plugboard-launcher")
        // The test process plays the host: it opens the file and records what it saw.
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        defer { close(fd) }
        var info = stat()
        #expect(fstat(fd, &info) == 0)
        let pinned = "\(fd):\(info.st_dev):\(info.st_ino):\(info.st_size):\(info.st_ctim.tv_sec).\(info.st_ctim.tv_nsec):\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
        // Renamed over: the path now names another file, the descriptor still the first.
        let other = directory.write("other", "#!/bin/sh\necho second\n", mode: 0o755)
        #expect(rename(other, path) == 0)
        let swapped = try await TestProcess.run(launcher, ["--host-pid", String(getpid()), "--pinned", pinned, "--", path])
        #expect(swapped.status == 0 && swapped.stdout == "first\n", "\(swapped.stderr)")
        // Written in place: its ctime moved, so the launcher refuses it.
        let writer = open("/proc/self/fd/\(fd)", O_WRONLY | O_APPEND)
        #expect(writer >= 0)
        _ = "echo appended\n".withCString { write(writer, $0, strlen($0)) }
        close(writer)
        let written = try await TestProcess.run(launcher, ["--host-pid", String(getpid()), "--pinned", pinned, "--", path])
        #expect(written.status == 127)
        #expect(written.stderr.contains("changed after the host hashed it"), "\(written.stderr)")
    }
}
