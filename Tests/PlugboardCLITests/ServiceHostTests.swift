import PlugboardTestSupport
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `Examples/service-host`: the manager in a swift-service-lifecycle `ServiceGroup`, stopped by SIGTERM.
@Suite("A host on ServiceLifecycle")
struct ServiceHostTests {
    @Test("SIGTERM shuts the group down: the caller stops, then every plugin, and the host exits 0 leaving nothing")
    func sigtermStopsEveryPlugin() async throws {
        let directory = CLI.directory()
        defer { directory.remove() }
        let pids = Mutex<[Int32]>([])
        let (status, stderr) = try await TestProcess.withLive(TestBinaries.path("service-host"), [directory.path]) { host in
            var line = try await host.nextLine(timeout: .seconds(60))
            while let text = line, !text.hasPrefix("ready pids=") { line = try await host.nextLine(timeout: .seconds(60)) }
            let ready = try #require(line, "the host never said it was ready")
            let started = ready.dropFirst("ready pids=".count).split(separator: ",").compactMap { Int32($0) }
            #expect(started.count == 1, "\(ready)")
            #expect(started.allSatisfy(Files.isAlive))
            pids.withLock { $0 = started }
            // A call has been answered on the way: the group is serving.
            #expect(try await host.nextLine(timeout: .seconds(30)) == "CALL 1")
            host.signal(SIGTERM)
            while let text = try await host.nextLine(timeout: .seconds(60)) {
                if text.hasPrefix("stopped") { break }
            }
        }
        #expect(status == 0, "service-host exited \(status.map(String.init) ?? "by a signal"): \(stderr)")
        for pid in pids.withLock({ $0 }) { #expect(!Files.isAlive(pid), "plugin pid \(pid) outlived its host") }
        await CLI.expectNothingLeft(directory)
        #expect(!directory.entries.contains { $0.hasSuffix(".sock") || $0.hasSuffix(".lock") }, "\(directory.entries)")
    }
}
