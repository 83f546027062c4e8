import PlugboardProtocol

/// The plugin registry as a value: every name is free, pending (held by one operation in flight) or registered,
/// and every contract type has at most one owner.
///
/// Its methods are synchronous and say what to do next (go ahead with a ticket, wait on a signal, shut a plugin
/// down), so the actor that owns it never checks, awaits and then writes on the strength of the check:
///
/// - an operation that awaits before it can fill a name (an attach connecting, a reload probing) first
///   ``reserve(_:path:for:)``s it, before its first await; a second operation on that name waits for the first and
///   asks again: it then finds the first's plugin (the same file: ``Claim/joined(_:)``, its result), the name free
///   (the first failed: it goes ahead), or another file's plugin (`duplicateName`);
/// - ``complete(_:with:)`` re-checks that the reservation is still the caller's: a ``remove(_:where:)`` or
///   ``close()`` meanwhile took it back, and the caller shuts down the plugin it made instead of inserting it;
/// - whatever the caller made while holding a name it hands over with ``adopt(_:for:)``, so that whoever takes the
///   name back (a removal, a shutdown) can stop it at once.
///
/// `Plugin` is the supervisor type (``ExternalPlugin`` in the host); the registry only keeps and hands back references.
struct Registry<Plugin: AnyObject> {
    /// Every name that is not free.
    private(set) var slots: [String: Slot] = [:]
    /// Who serves each contract type: a registered name, or the name of a plugin being reloaded (its types stay
    /// its own meanwhile, so a concurrent registration cannot take them from it).
    private(set) var owners: [ContractKey: String] = [:]
    /// Operations that hold a name, or held one that was taken back and have not ended yet.
    private(set) var flights: [Ticket: Flight] = [:]
    /// Set by ``close()``: nothing is inserted any more.
    private(set) var isClosed = false
    /// The last ticket number or serial handed out.
    private var issued = 0

    init() {}

    // MARK: Holding a name

    /// Reserves `name` for an operation working from `path`, unless it is taken.
    mutating func reserve(_ name: String, path: String?, for operation: Operation) -> Claim {
        if isClosed { return .refused(Self.closed(name, path: path, cannot: operation.verb)) }
        switch slots[name] {
        case .registered(let entry)?:
            if let path, entry.path == path { return .joined(entry) }
            return .refused(Self.duplicate(name, path: path, existing: entry))
        case .pending(let ticket)?:
            return .busy(flights[ticket]?.done ?? Self.fired)
        case nil:
            return .reserved(issue(name, path: path, for: operation, plugin: nil))
        }
    }

    /// Takes a registered plugin out and holds its name, to put a new registration in its place (a reload); its
    /// contract types stay reserved for the name until the reload completes or gives up.
    /// With `serial`, only that registration: a later one under the name is left alone (``Takeover/absent``).
    mutating func takeOver(_ name: String, serial: Int? = nil, for operation: Operation) -> Takeover {
        if isClosed { return .refused(Self.closed(name, path: entry(named: name)?.path, cannot: operation.verb)) }
        switch slots[name] {
        case .pending(let ticket)?:
            return .busy(flights[ticket]?.done ?? Self.fired)
        case .registered(let entry)?:
            if let serial, entry.serial != serial { return .absent }
            guard entry.kind != .internal, let path = entry.path else {
                return .refused(PluginError(.notFound, plugin: name, message: "is internal: there is no file to \(operation.verb) it from"))
            }
            return .taken(issue(name, path: path, for: operation, plugin: entry.external), entry)
        case nil:
            return .absent
        }
    }

    /// Records the plugin the holder of `ticket` made, so that taking the name back stops it. Returns why the
    /// holder must not go on (the name was taken back): it then shuts the plugin down itself.
    mutating func adopt(_ plugin: Plugin, for ticket: Ticket) -> PluginError? {
        guard var flight = flights[ticket] else { return Self.ended(ticket) }
        if let cancellation = flight.cancellation { return cancellation }
        flight.plugin = plugin
        flights[ticket] = flight
        return nil
    }

    /// Fills the name `ticket` holds with `entry`, if the reservation is still the caller's and no other plugin
    /// serves its contract types; either way the operation has ended. On failure the caller shuts down what it made.
    mutating func complete(_ ticket: Ticket, with entry: Entry) -> Result<Entry, PluginError> {
        precondition(entry.name == ticket.name, "a ticket fills only the name it holds")
        guard let flight = flights[ticket] else { return .failure(Self.ended(ticket)) }
        if let cancellation = flight.cancellation {
            end(ticket)
            return .failure(cancellation)
        }
        if let conflict = conflict(entry.types, for: entry.name, path: entry.path) {
            _ = release(ticket)
            return .failure(conflict)
        }
        var entry = entry
        issued += 1
        entry.serial = issued
        slots[entry.name] = .registered(entry)
        disown(entry.name)
        claim(entry.types, for: entry.name)
        end(ticket)
        return .success(entry)
    }

    /// Gives the name back unfilled (the operation failed) and ends the operation. Returns why it had been taken
    /// back, if it had: that, not the failure it caused, is the operation's error.
    @discardableResult
    mutating func release(_ ticket: Ticket) -> PluginError? {
        guard let flight = flights[ticket] else { return nil }
        free(ticket)
        end(ticket)
        return flight.cancellation
    }

    // MARK: Changing what is registered

    /// Sets the contract types of a plugin registered without them (a lazy attached plugin, once loaded), if
    /// `serial` is still the registration under `name`. Another load that got there first is success too.
    mutating func retype(_ name: String, serial: Int, path: String?, types: [String: [String]], capabilities: Capabilities) -> Result<Entry, PluginError> {
        if isClosed { return .failure(Self.closed(name, path: path, cannot: "load")) }
        guard case .registered(var entry)? = slots[name], entry.serial == serial else {
            return .failure(PluginError(.stopped, plugin: name, path: path, message: "was removed or reloaded while it was being loaded"))
        }
        guard entry.types.isEmpty else { return .success(entry) }
        if let conflict = conflict(types, for: name, path: entry.path) { return .failure(conflict) }
        entry.types = types
        entry.capabilities = capabilities
        slots[name] = .registered(entry)
        claim(types, for: name)
        return .success(entry)
    }

    /// Registers (or adds a contract type to) an internal plugin: a Swift value, nothing to await.
    mutating func registerInternal(_ name: String, contract: String, type: String, service: any Sendable) throws(PluginError) {
        if isClosed { throw Self.closed(name, path: nil, cannot: "register") }
        var entry: Entry
        switch slots[name] {
        case .registered(let existing)? where existing.kind == .internal:
            entry = existing
        case .registered(let existing)?:
            throw Self.duplicate(name, path: nil, existing: existing)
        case .pending(let ticket)?:
            let flight = flights[ticket]
            throw PluginError(.duplicateName, plugin: name, message: "a plugin named \"\(name)\" is being \(flight?.operation.rawValue ?? "registered") (\(flight?.path ?? "internal"))")
        case nil:
            issued += 1
            entry = Entry(name: name, kind: .internal, path: nil, types: [:])
            entry.serial = issued
        }
        let added = [contract: [type]]
        if let conflict = conflict(added, for: name, path: nil) { throw conflict }
        entry.types[contract, default: []].append(type)
        entry.services[contract] = service
        slots[name] = .registered(entry)
        claim(added, for: name)
    }

    /// Takes a name back: a registered plugin is removed and its contract types released; an operation holding
    /// the name is told it was removed (it fails and inserts nothing). With `matches`, only a registered plugin
    /// it accepts is removed, and an operation in flight is left alone.
    mutating func remove(_ name: String, where matches: ((Entry) -> Bool)? = nil) -> Removal {
        switch slots[name] {
        case .registered(let entry)?:
            guard matches?(entry) ?? true else { return .absent }
            slots[name] = nil
            disown(name)
            return .removed(entry)
        case .pending(let ticket)? where matches == nil:
            let flight = flights[ticket]
            let error = PluginError(.stopped, plugin: name, path: flight?.path, message: "was removed while it was being \(flight?.operation.rawValue ?? "registered")")
            return .cancelled(cancel(ticket, error))
        case .pending?, nil:
            return .absent
        }
    }

    /// Closes the registry for good: nothing is inserted any more, every operation in flight is told the manager
    /// shut down. Returns every plugin to shut down (registered ones stay listed) and the signals of the operations
    /// still in flight, which end once they notice.
    mutating func close() -> (plugins: [Plugin], inFlight: [OneShot<Void>]) {
        isClosed = true
        var plugins = entries.compactMap(\.external)
        for (ticket, flight) in flights where flight.cancellation == nil {
            let error = PluginError(.shutDown, plugin: flight.name, path: flight.path, message: "the plugin manager shut down while it was being \(flight.operation.rawValue)")
            if let plugin = cancel(ticket, error) { plugins.append(plugin) }
        }
        return (plugins, flights.values.map(\.done))
    }

    // MARK: Contract types

    /// Why ``complete(_:with:)`` would refuse an entry serving `types` for `ticket` now, if it would. Asked before
    /// making a plugin: in the same step as the completion, it spares making one only to stop it.
    func refusal(for ticket: Ticket, types: [String: [String]], path: String?) -> PluginError? {
        guard let flight = flights[ticket] else { return Self.ended(ticket) }
        if let cancellation = flight.cancellation { return cancellation }
        return conflict(types, for: ticket.name, path: path)
    }

    /// The error for the first of `types` another plugin than `owner` serves, if any.
    func conflict(_ types: [String: [String]], for owner: String, path: String?) -> PluginError? {
        for (contract, names) in types.sorted(by: { $0.key < $1.key }) {
            for type in names {
                if let other = owners[ContractKey(contract: contract, type: type)], other != owner {
                    return PluginError(.duplicateContractType, plugin: owner, path: path,
                                       message: "contract \"\(contract)\" type \"\(type)\" is already served by plugin \"\(other)\"")
                }
            }
        }
        return nil
    }

    private mutating func claim(_ types: [String: [String]], for owner: String) {
        for (contract, names) in types {
            for type in names { owners[ContractKey(contract: contract, type: type)] = owner }
        }
    }

    private mutating func disown(_ name: String) {
        owners = owners.filter { $0.value != name }
    }

    // MARK: Flights

    private mutating func issue(_ name: String, path: String?, for operation: Operation, plugin: Plugin?) -> Ticket {
        issued += 1
        let ticket = Ticket(number: issued, name: name)
        slots[name] = .pending(ticket)
        flights[ticket] = Flight(name: name, operation: operation, path: path, plugin: plugin, cancellation: nil, done: OneShot())
        return ticket
    }

    /// Takes the name back from an operation still in flight; returns the plugin it had made, now the caller's.
    private mutating func cancel(_ ticket: Ticket, _ error: PluginError) -> Plugin? {
        guard var flight = flights[ticket] else { return nil }
        free(ticket)
        let plugin = flight.plugin
        flight.plugin = nil
        flight.cancellation = error
        flights[ticket] = flight
        return plugin
    }

    /// Frees the name `ticket` holds, and the contract types a reload kept for it, if the ticket still holds it.
    private mutating func free(_ ticket: Ticket) {
        guard case .pending(ticket)? = slots[ticket.name] else { return }
        slots[ticket.name] = nil
        disown(ticket.name)
    }

    /// Ends an operation: its waiters go on.
    private mutating func end(_ ticket: Ticket) {
        flights.removeValue(forKey: ticket)?.done.succeed(())
    }

    // MARK: Errors

    /// A signal that has fired, for a name whose flight is already gone (it cannot be, but never wait forever).
    private static var fired: OneShot<Void> {
        let signal = OneShot<Void>()
        signal.succeed(())
        return signal
    }

    static func closed(_ name: String, path: String?, cannot what: String) -> PluginError {
        PluginError(.shutDown, plugin: name, path: path, message: "cannot \(what): the plugin manager is shut down")
    }

    private static func duplicate(_ name: String, path: String?, existing: Entry) -> PluginError {
        PluginError(.duplicateName, plugin: name, path: path, message: "a plugin named \"\(name)\" is already registered (\(existing.path ?? "internal"))")
    }

    private static func ended(_ ticket: Ticket) -> PluginError {
        PluginError(.stopped, plugin: ticket.name, message: "its registration had already ended")
    }
}
