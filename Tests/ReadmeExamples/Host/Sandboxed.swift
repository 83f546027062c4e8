import Plugboard

/// README, "Sandboxed plugins".
func registerSandboxed(_ manager: PluginManager) async throws {
    var options = RegistrationOptions()
    options.sandbox = .standard                  // or .strict; .disabled (the default) is none
    options.sandbox.memoryLimit = 256 << 20
    options.sandbox.writablePaths = ["/srv/plugin-output"]
    let report = try await manager.registerPlugins(in: "./plugins", options: options)
    print(report.registered.map { "\($0.name): \($0.status.sandbox?.description ?? "not sandboxed")" })
}

/// docs/SECURITY.md, "The sandbox" (SandboxTests runs the same lines against real plugins).
func registerSandboxedPerPlugin(_ manager: PluginManager) async throws {
    var options = RegistrationOptions()
    options.sandbox = .standard                       // every plugin of this registration
    options.sandbox.readablePaths.append("/srv/data")
    options.sandboxOverrides["legacy-tool"] = .disabled   // one plugin file, by file name
    try await manager.registerPlugins(in: "./plugins", options: options)
}
