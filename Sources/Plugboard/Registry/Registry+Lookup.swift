extension Registry {
    /// The plugin registered under `name`, if any.
    func entry(named name: String) -> Entry? {
        guard case .registered(let entry)? = slots[name] else { return nil }
        return entry
    }

    /// Every registered plugin, in no order.
    var entries: [Entry] {
        slots.values.compactMap { slot in
            guard case .registered(let entry) = slot else { return nil }
            return entry
        }
    }

    /// The registered plugins whose file is in `directory`.
    func entries(in directory: String) -> [Entry] {
        entries.filter { $0.directory == directory }
    }

    /// The operation holding `name`, if one does.
    func flight(holding name: String) -> Flight? {
        guard case .pending(let ticket)? = slots[name] else { return nil }
        return flights[ticket]
    }

    /// The files registered plugins come from, and those operations holding a name work from: a rescan leaves
    /// them alone.
    var knownPaths: Set<String> {
        var paths = Set(entries.compactMap(\.path))
        for case .pending(let ticket) in slots.values {
            if let path = flights[ticket]?.path { paths.insert(path) }
        }
        return paths
    }

    /// The registered names, sorted, for messages.
    var names: [String] {
        entries.map(\.name).sorted()
    }
}
