import PlugboardTestSupport
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Python SDK plugins outlive no host")
struct PythonParentWatchTests {
    @Test("a host killed with SIGKILL: its Python plugins see stdin close, stop, and remove their sockets and lock files")
    func hostKilled() async throws {
        let directory = PluginDirectory()
        for name in ["py-processor", "py-text-tools"] {
            directory.link(file: "\(PythonPluginTests.examples)/\(name)", as: name)
        }
        // The host's private socket directory goes under here, to look into after the host is gone.
        let temporary = PluginDirectory()
        let pids = PluginPids()
        let (status, stderr) = try await TestProcess.withLive(
            TestBinaries.path("plugboard"), ["run", directory.path, "--interval", "0.2"], environment: ["TMPDIR": temporary.path]
        ) { host in
            // `NAME: ready pid=N transport=unix restarts=0`, once per plugin.
            while pids.count < 2, let line = try await host.nextLine(timeout: .seconds(60)) {
                if line.contains(": ready pid="), let pid = line.split(separator: "pid=").last?.split(separator: " ").first.flatMap({ Int32($0) }) {
                    pids.add(pid)
                }
            }
            #expect(pids.count == 2, "the host did not report both plugins ready")
            for pid in pids.all { #expect(Files.isAlive(pid)) }
            host.signal(SIGKILL)
        }
        #expect(status == nil, "the host was killed: \(stderr)")
        for pid in pids.all {
            #expect(await eventually(timeout: .seconds(30)) { !Files.isAlive(pid) }, "plugin \(pid) outlived its host")
        }
        let left = Files.tree(temporary.path).filter { $0.hasSuffix(".sock") || $0.hasSuffix(".lock") }
        #expect(left.isEmpty, "left behind: \(left)")
        await CLI.expectNothingLeft(directory)
    }
}
