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
    /// A lazy attached plugin, registered by its manifest's name only, is asked for its capabilities on the first
    /// lookup that no other plugin answers (as ``load(_:)`` would), and its contract types become usable.
    ///
    /// - Throws: ``PluginError`` `notFound` when no plugin serves it, `ambiguous` when several do and no type was named.
    public func plugin<C: PluginContract>(_ contract: C.Type, type: String? = nil) async throws(PluginError) -> C.Service {
        let entry = try await entry(serving: C.name, type: type)
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

    /// A handle on the plugin that serves a contract (by its wire name), of `type` when given. Lazy attached plugins
    /// are asked for their contract types on first use, as in ``plugin(_:type:)``.
    public func handle(serving contract: String, type: String? = nil) async throws(PluginError) -> PluginHandle {
        let entry = try await entry(serving: contract, type: type)
        return PluginHandle(name: entry.name, external: entry.external)
    }

    func entry(serving contract: String, type: String?) async throws(PluginError) -> Entry {
        do {
            return try registeredEntry(serving: contract, type: type)
        } catch where error.code == .notFound {
            // Attached plugins known by name only (lazy manifests): their capabilities are fetched now, on first use.
            let unfetched = registry.entries.filter { $0.kind == .attached && $0.types.isEmpty && $0.capabilities?.lazy == true }
            guard !unfetched.isEmpty else { throw error }
            var unreachable: [String] = []
            for entry in unfetched {
                do {
                    try await load(entry.name)
                } catch {
                    unreachable.append("\(error)")
                }
            }
            do {
                return try registeredEntry(serving: contract, type: type)
            } catch where error.code == .notFound && !unreachable.isEmpty {
                throw PluginError(.notFound, plugin: "", message: error.message + "; attached plugins not reachable: " + unreachable.joined(separator: "; "))
            }
        }
    }

    /// The entry of the plugin that serves the contract among the types known now.
    private func registeredEntry(serving contract: String, type: String?) throws(PluginError) -> Entry {
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
