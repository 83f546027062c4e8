import Plugboard
import PlugboardContracts
import PlugboardProtocol
import PlugboardTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Capabilities cache")
struct CapabilitiesCacheTests {
    @Test("registering an unchanged directory again spawns nothing; a changed file is asked again")
    func cache() async throws {
        let directory = PluginDirectory()
        let counter = "\(directory.path)/asked"
        directory.script("counted", """
            case "$1" in
              capabilities) echo x >> \(counter); echo '{"types":{"dataProcessor":[{"type":"counted"}]},"lazy":true}' ;;
              *) exit 3 ;;
            esac
            """)
        try await TestHost.withManager { manager in
            try await manager.registerPlugins(in: directory.path, options: TestHost.options())
            #expect(RegistrationTests.read(counter) == "x\n")
            await manager.remove("counted")
            try await manager.registerPlugins(in: directory.path, options: TestHost.options())
            #expect(RegistrationTests.read(counter) == "x\n", "an unchanged plugin must not be asked again")
            #expect(manager.capabilitiesCache.count == 1)
            await manager.remove("counted")
            directory.script("counted", """
                case "$1" in
                  capabilities) echo x >> \(counter); echo '{"types":{"dataProcessor":[{"type":"counted-v2"}]},"lazy":true}' ;;
                  *) exit 3 ;;
                esac
                """)
            let report = try await manager.registerPlugins(in: directory.path, options: TestHost.options())
            #expect(RegistrationTests.read(counter) == "x\nx\n")
            #expect(report.registered.first?.types == ["dataProcessor": ["counted-v2"]])
        }
    }
}
