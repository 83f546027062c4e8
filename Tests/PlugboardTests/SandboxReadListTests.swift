import Plugboard
import PlugboardTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// What a sandboxed plugin may read of its own files (docs/SECURITY.md): a binary gets itself and what its ELF
/// headers name, not its directory (which holds the other plugins, `plugboard.lock`, attached plugins' manifests);
/// a script gets its directory, where interpreters load files from.
@Suite("Sandbox read list of a plugin's own files")
struct SandboxReadListTests {
    /// Copies the misbehaving plugin to `destination` with `$ORIGIN` taken out of its `RUNPATH`, as a release build
    /// (static, no `RUNPATH`) or any binary whose libraries live elsewhere has it: the debug build's `$ORIGIN` would
    /// make its directory readable as a library directory, which is not what is tested here. The copy finds the
    /// debug build's libraries through `LD_LIBRARY_PATH` instead (``withSandboxed(_:_:)``).
    static func copyWithoutOrigin(to destination: String) async throws {
        let patch = """
            import sys
            source, target = sys.argv[1], sys.argv[2]
            data = open(source, "rb").read()
            count = data.count(b":$ORIGIN\\0")
            open(target, "wb").write(data.replace(b":$ORIGIN\\0", b"\\0" * 9))
            print(count)
            """
        let outcome = try await TestProcess.run("/usr/bin/env", ["python3", "-c", patch, TestBinaries.path("misbehaving-plugin"), destination])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        try #require(outcome.stdout.filter(\.isNumber) == "1", "expected one RUNPATH entry $ORIGIN: \(outcome.stdout)")
        try #require(chmod(destination, 0o755) == 0)
    }

    /// The directory of the Swift runtime this test process runs on (`libswiftCore.so`), which the debug build's
    /// plugins load: a script's sandbox reads what its interpreter needs, not what the program it runs links.
    static let swiftRuntimeDirectory: String? = {
        let bytes = Files.read("/proc/self/maps", limit: 1 << 22) ?? []
        let maps = String(decoding: bytes, as: UTF8.self)
        guard let line = maps.split(separator: "\n").first(where: { $0.hasSuffix("/libswiftCore.so") }),
              let start = line.firstIndex(of: "/") else { return nil }
        let path = line[start...]
        return String(path[..<path.lastIndex(of: "/")!])
    }()

    /// Registers the plugins in `directory` under the standard sandbox, with the build's library directory
    /// readable and on `LD_LIBRARY_PATH`, and hands `body` the misbehaving plugin.
    static func withSandboxed(_ directory: PluginDirectory, _ body: (PluginHandle) async throws -> Void) async throws {
        try await TestHost.withManager { manager in
            var options = TestHost.options(.unix)
            options.sandbox = .standard
            options.sandbox.readablePaths = [TestBinaries.directory] + (Self.swiftRuntimeDirectory.map { [$0] } ?? [])
            options.environment = ["LD_LIBRARY_PATH": TestBinaries.directory]
            let report = try await manager.registerPlugins(in: directory.path, options: options)
            #expect(report.failures.isEmpty, "\(report.failures)")
            try await body(try await manager.handle(named: "misbehaving-plugin"))
        }
    }

    @Test("a sandboxed binary plugin cannot read the files beside it, only itself")
    func binaryDoesNotReadItsDirectory() async throws {
        let directory = PluginDirectory()
        defer { directory.remove() }
        let plugin = "\(directory.path)/misbehaving-plugin"
        try await Self.copyWithoutOrigin(to: plugin)
        let secret = directory.write("secret.txt", "not for the plugins of this directory")
        try await Self.withSandboxed(directory) { handle in
            let sibling = try await SandboxTests.attempt(handle, SandboxTests.Attempt(action: "read", path: secret))
            #expect(!sibling.ok && sibling.errno == EACCES, "\(sibling)")
            let itself = try await SandboxTests.attempt(handle, SandboxTests.Attempt(action: "read", path: plugin))
            #expect(itself.ok, "\(itself)")
        }
    }

    @Test("a sandboxed script plugin still reads the files beside it")
    func scriptReadsItsDirectory() async throws {
        let directory = PluginDirectory()
        defer { directory.remove() }
        // A wrapper script, as a plugin written in a scripting language is; the program it runs reads a file beside
        // the script, as an interpreter loads its modules from there.
        directory.script("misbehaving-plugin", #"exec "\#(TestBinaries.path("misbehaving-plugin"))" "$@""#)
        let beside = directory.write("settings.txt", "read by the script's program")
        try await Self.withSandboxed(directory) { handle in
            let read = try await SandboxTests.attempt(handle, SandboxTests.Attempt(action: "read", path: beside))
            #expect(read.ok, "\(read)")
            #expect(handle.status.sandbox != nil)
        }
    }
}
