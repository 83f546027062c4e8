import PlugboardProtocol

extension PluginManager {
    /// The typed API of the plugin that serves `contract` (of `type`, when given).
    ///
    /// The same call returns an internal plugin's Swift value or a client of an external or attached plugin: the
    /// code that uses it does not change when the implementation moves out of process.
    ///
    /// ```swift
    /// let processor = try await manager.plugin(DataProcessorContract.self, type: "uppercase")
    /// ```
    ///
    /// - Throws: ``PluginError`` `notFound` when no plugin serves it, `ambiguous` when several do and no type was named.
    public func plugin<C: PluginContract>(_ contract: C.Type, type: String? = nil) throws(PluginError) -> C.Service {
        let entry = try entry(serving: C.name, type: type)
        if let external = entry.external {
            return C.client(PluginTransport(plugin: external, contract: C.name))
        }
        guard let service = entry.services[C.name] as? C.Service else {
            throw PluginError(.notFound, plugin: entry.name, message: "does not implement contract \"\(C.name)\" as \(C.Service.self)")
        }
        return service
    }

    /// A handle on a plugin by name (`name` or `namespace/name`).
    public func handle(named name: String) throws(PluginError) -> PluginHandle {
        guard let entry = registry.entry(named: name) else { throw notRegistered(name) }
        return PluginHandle(name: entry.name, external: entry.external)
    }

    /// A handle on the plugin that serves a contract (by its wire name), of `type` when given.
    public func handle(serving contract: String, type: String? = nil) throws(PluginError) -> PluginHandle {
        let entry = try entry(serving: contract, type: type)
        return PluginHandle(name: entry.name, external: entry.external)
    }

    func entry(serving contract: String, type: String?) throws(PluginError) -> Entry {
        let owners = registry.owners.filter { $0.key.contract == contract && (type == nil || $0.key.type == type) }
        let names = Set(owners.values)
        guard let first = names.first else {
            let what = type.map { "contract \"\(contract)\" type \"\($0)\"" } ?? "contract \"\(contract)\""
            let served = Set(registry.owners.keys.map(\.contract)).sorted().joined(separator: ", ")
            throw PluginError(.notFound, plugin: "", message: "no plugin serves \(what)" + (served.isEmpty ? "; no plugins are registered" : "; served contracts: \(served)"))
        }
        guard names.count == 1 else {
            let choices = owners.map { "\($0.value) (type \"\($0.key.type)\")" }.sorted().joined(separator: ", ")
            throw PluginError(.ambiguous, plugin: "", message: "several plugins serve contract \"\(contract)\": \(choices); name a type")
        }
        guard let entry = registry.entry(named: first) else { throw notRegistered(first) }
        return entry
    }
}
