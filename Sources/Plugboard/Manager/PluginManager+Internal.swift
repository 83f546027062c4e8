import PlugboardProtocol

extension PluginManager {
    /// Registers an internal plugin: a Swift value that serves a contract inside the host. It is looked up and
    /// called exactly like an external plugin.
    ///
    /// ```swift
    /// try await manager.register(DataProcessorContract.self, type: "reverse", name: "builtin-reverse", service: Reverser())
    /// ```
    ///
    /// - Throws: ``PluginError`` `duplicateContractType` when another plugin already serves the type,
    ///   `duplicateName` when an external or attached plugin has (or is being given) the name, `shutDown` once the
    ///   manager is shut down.
    public func register<C: PluginContract>(_ contract: C.Type, type: String, name: String, service: C.Service) throws(PluginError) {
        try registry.registerInternal(name, contract: C.name, type: type, service: service)
    }
}
