extension PluginManager {
    /// Waits for an operation in flight (on a name this caller wants) to end.
    func waitForFlight(_ done: OneShot<Void>, plugin: String, path: String?) async throws(PluginError) {
        do {
            try await done.wait()
        } catch {
            throw PluginError(.cancelled, plugin: plugin, path: path, message: "was cancelled while waiting for another operation on the plugin to finish")
        }
    }

    /// The plugin registered under `name` once no operation holds the name (a registration, attach or reload in
    /// flight is waited for); nil when none is registered then.
    ///
    /// - Throws: ``PluginError`` `shutDown` once the manager is shut down.
    func settledEntry(_ name: String, cannot what: String) async throws(PluginError) -> Entry? {
        while true {
            if isShutDown { throw shutDownError(name, path: registry.entry(named: name)?.path, cannot: what) }
            guard let flight = registry.flight(holding: name) else { return registry.entry(named: name) }
            try await waitForFlight(flight.done, plugin: name, path: flight.path)
        }
    }

    /// The error for a name nothing is registered under.
    func notRegistered(_ name: String) -> PluginError {
        if let flight = registry.flight(holding: name) {
            return PluginError(.notFound, plugin: name, path: flight.path, message: "is still being \(flight.operation.rawValue); it is not registered yet")
        }
        let known = registry.names.joined(separator: ", ")
        return PluginError(.notFound, plugin: name, message: "no plugin of that name is registered" + (known.isEmpty ? "" : "; registered: \(known)"))
    }

    /// Removes `name`: the registered plugin (only the registration `serial`, when given), or the reservation of an
    /// operation in flight (when no serial is given), and stops the plugin that held it.
    func remove(_ name: String, serial: Int?) async {
        switch registry.remove(name, where: serial.map { serial in { $0.serial == serial } }) {
        case .removed(let entry):
            await entry.external?.shutdown()
        case .cancelled(let plugin):
            await plugin?.shutdown()
        case .absent:
            break
        }
    }
}
