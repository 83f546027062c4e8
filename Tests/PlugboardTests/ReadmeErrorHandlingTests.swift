import Plugboard
import PlugboardContracts
import PlugboardProtocol
import PlugboardTestSupport
import Testing

/// The README's "When plugins crash, hang or race" example, as it is written there, run against a plugin that
/// crashes on every call.
@Suite("README: handling a plugin's failures")
struct ReadmeErrorHandlingTests {
    /// The README's code, verbatim but for `print` going to `said`.
    static func readmeExample(_ processor: any DataProcessor, said: (String) -> Void) async throws {
        do {
            _ = try await processor.process(ProcessRequest(data: "hello"))
        } catch let error as PluginError {
            switch error.code {
            case .crashed: said("it died during the call; the next call restarts it: \(error)")
            case .timeout, .cancelled, .overloaded: said("no answer in time: \(error)")
            default: said("\(error)")                          // codes can be added: keep a default
            }
        }
    }

    @Test("a crash during a call reaches the crashed branch, with the plugin and its exit status in the message")
    func crashedBranch() async throws {
        let directory = PluginDirectory()
        directory.link("misbehaving-plugin")
        try await TestHost.withManager { manager in
            var options = TestHost.options(.unix)
            options.environment = ["FIXTURE_CRASH_RATE": "1"]
            try await manager.registerPlugins(in: directory.path, options: options)
            let processor = try await manager.plugin(DataProcessorContract.self)
            var lines: [String] = []
            try await Self.readmeExample(processor) { lines.append($0) }
            let line = try #require(lines.first)
            #expect(line.hasPrefix("it died during the call"), "\(line)")
            #expect(line.contains(#"plugin "misbehaving-plugin""#) && line.contains("exit status 3"), "\(line)")
        }
    }
}
