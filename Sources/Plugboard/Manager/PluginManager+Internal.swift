import PlugboardProtocol

extension PluginManager {
    /// Registers an internal plugin: a Swift value that serves a contract inside the host. It is looked up and
    /// called exactly like an external plugin.
    ///
    /// ```swift
    /// try await manager.register(DataProcessorContract.self, type: "reverse", name: "builtin-reverse", service: Reverser())
    /// ```
    ///
    /// - Throws: ``PluginError`` `duplicateContractType` when another plugin already serves the type.
    public func register<C: PluginContract>(_ contract: C.Type, type: String, name: String, service: C.Service) throws(PluginError) {
        guard !isShutDown else { throw PluginError(.shutDown, plugin: name, message: "the plugin manager is shut down") }
        if let existing = entries[name], existing.kind != .internal {
            throw PluginError(.duplicateName, plugin: name, message: "a plugin named \"\(name)\" is already registered (\(existing.path ?? "attached"))")
        }
        try claim([C.name: [type]], for: name, path: nil)
        var entry = entries[name] ?? Entry(name: name, kind: .internal, path: nil, types: [:])
        entry.types[C.name, default: []].append(type)
        entry.services[C.name] = service
        entries[name] = entry
    }
}
