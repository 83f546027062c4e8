// The README's host code, compiled and run by the test suite (Tests/PlugboardCLITests/ReadmeTests.swift) from a
// directory holding `./plugins`. This target depends on the Plugboard and PlugboardContracts products only and
// imports nothing else, as a new package depending on Plugboard would: `import Plugboard` must be enough.
import Plugboard
import PlugboardContracts

// README, "Using plugins from a host": the fast path's one line.
NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()   // first thing in main

// README, "Using plugins from a host".
try await PluginManager.withManager { manager in
    let report = try await manager.registerPlugins(in: "./plugins", options: RegistrationOptions(
        idleTimeout: .seconds(300),
        configData: [try ConfigData(type: "uppercase-settings", value: ["prefix": ">> "])]
    ))
    for failure in report.failures { print("skipped:", failure) }   // one broken plugin never stops the others

    // Internal plugins are registered and called exactly like external ones.
    try await manager.register(DataProcessorContract.self, type: "reverse", name: "reverser", service: Reverser())

    let processor = try await manager.plugin(DataProcessorContract.self, type: "uppercase")
    let response = try await processor.process(ProcessRequest(data: "hello"))
    print(response.data.string)                                      // >> HELLO
}   // every plugin is stopped here: POST /shutdown, then SIGTERM, then SIGKILL, each with a deadline

// README, "When plugins crash, hang or race" and "GoPlug's model" (host side), with a manager of their own.
try await PluginManager.withManager { manager in
    try await manager.registerPlugins(in: "./plugins")
    let processor = try await manager.plugin(DataProcessorContract.self, type: "uppercase")
    try await handleFailures(processor)
    try await useTextTools(manager)
}
print("done")
