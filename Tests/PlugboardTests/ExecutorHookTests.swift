import Plugboard
import PlugboardTestSupport
import Testing

/// The SDK's one use of Swift runtime internals (`EventLoopExecutor`, `Sources/CPlugboardShims`): a plugin makes
/// SwiftNIO's event loop Swift concurrency's executor, through SwiftNIO's own take-over or, where that cannot work
/// (a statically linked runtime, as in release plugins), through the runtime hook's link-time address. If a
/// toolchain changes that hook, these fail here rather than plugins silently hopping threads on every request.
@Suite("The plugin's event-loop executor")
struct ExecutorHookTests {
    @Test("a handler resumes on the event loop after a suspension, through SwiftNIO's take-over and through the link-time hook", arguments: [nil, "link-time"])
    func handlerResumesOnTheLoop(hook: String?) async throws {
        let directory = PluginDirectory()
        directory.link("traced-plugin")
        try await TestHost.withManager { manager in
            var options = TestHost.options(.unix)
            if let hook { options.environment = ["PLUGBOARD_EXECUTOR_HOOK": hook] }
            try await manager.registerPlugins(in: directory.path, options: options)
            let response = try await manager.handle(named: "traced-plugin").send(.post, "/executor")
            #expect(response.status == 200)
            #expect(String(decoding: response.body, as: UTF8.self) == "event-loop", "PLUGBOARD_EXECUTOR_HOOK=\(hook ?? "unset")")
        }
    }
}
