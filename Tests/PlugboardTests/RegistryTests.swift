@testable import Plugboard
import PlugboardProtocol
import Testing

/// The registry as a value, without processes: a stand-in object plays the plugin supervisor.
@Suite("Registry: names held across suspension points")
struct RegistryTests {
    final class FakePlugin {}

    typealias Subject = Registry<FakePlugin>

    static func entry(_ name: String, path: String?, types: [String: [String]] = [:], plugin: FakePlugin? = nil) -> Subject.Entry {
        Subject.Entry(name: name, kind: .attached, path: path, types: types, external: plugin)
    }

    static func reserved(_ registry: inout Subject, _ name: String, path: String) throws -> Subject.Ticket {
        guard case .reserved(let ticket) = registry.reserve(name, path: path, for: .attach) else {
            Issue.record("\(name) was not free")
            throw CancellationError()
        }
        return ticket
    }

    @Test("a second operation on a held name waits; afterwards the same file joins and another file is refused")
    func joinOrRefuse() throws {
        var registry = Subject()
        let ticket = try Self.reserved(&registry, "x", path: "/d/x.pconf")
        guard case .busy(let done) = registry.reserve("x", path: "/d/x.pconf", for: .attach) else {
            Issue.record("a held name must make the second operation wait")
            return
        }
        #expect(done.result == nil)
        #expect(registry.entry(named: "x") == nil, "a held name is not registered yet")
        let plugin = FakePlugin()
        #expect(registry.adopt(plugin, for: ticket) == nil)
        let inserted = try registry.complete(ticket, with: Self.entry("x", path: "/d/x.pconf", plugin: plugin)).get()
        #expect(done.result != nil, "completing lets the waiters go on")
        #expect(inserted.serial > 0)
        guard case .joined(let joined) = registry.reserve("x", path: "/d/x.pconf", for: .attach) else {
            Issue.record("the same file must join the registered plugin")
            return
        }
        #expect(joined.external === plugin)
        guard case .refused(let error) = registry.reserve("x", path: "/e/x.pconf", for: .attach) else {
            Issue.record("another file must be refused")
            return
        }
        #expect(error.code == .duplicateName)
        #expect(error.plugin == "x")
        #expect(error.path == "/e/x.pconf")
        #expect(error.message.contains("/d/x.pconf"))
        #expect(registry.flights.isEmpty)
    }

    @Test("a removal takes a held name back: the holder cannot fill it, and the remover stops what it made")
    func removeCancels() throws {
        var registry = Subject()
        let ticket = try Self.reserved(&registry, "x", path: "/d/x.pconf")
        let plugin = FakePlugin()
        #expect(registry.adopt(plugin, for: ticket) == nil)
        guard case .cancelled(let stopped) = registry.remove("x") else {
            Issue.record("removing a held name must call the operation off")
            return
        }
        #expect(stopped === plugin)
        #expect(registry.slots["x"] == nil, "the name is free at once")
        // A new operation may hold the name now; the old ticket can neither fill nor free it.
        let second = try Self.reserved(&registry, "x", path: "/d/x.pconf")
        guard case .failure(let error) = registry.complete(ticket, with: Self.entry("x", path: "/d/x.pconf", plugin: plugin)) else {
            Issue.record("a cancelled ticket must not fill the name")
            return
        }
        #expect(error.code == .stopped)
        #expect(error.path == "/d/x.pconf")
        #expect(error.message.contains("removed while it was being attached"))
        #expect(registry.release(ticket) == nil, "releasing an ended ticket does nothing")
        guard case .pending(second)? = registry.slots["x"] else {
            Issue.record("the newer reservation must survive the old ticket")
            return
        }
        #expect(registry.release(second) == nil)
        #expect(registry.slots.isEmpty && registry.flights.isEmpty)
    }

    @Test("a plugin made after the name was taken back is refused at adoption")
    func adoptAfterRemoval() throws {
        var registry = Subject()
        let ticket = try Self.reserved(&registry, "x", path: "/d/x.pconf")
        guard case .cancelled(nil) = registry.remove("x") else {
            Issue.record("nothing was adopted yet")
            return
        }
        #expect(registry.adopt(FakePlugin(), for: ticket)?.code == .stopped)
        #expect(registry.release(ticket)?.code == .stopped, "the holder learns why when it gives up")
        #expect(registry.flights.isEmpty)
    }

    @Test("closing refuses everything new, calls off what is in flight and hands back every plugin to stop")
    func close() throws {
        var registry = Subject()
        let registered = FakePlugin()
        let ticket = try Self.reserved(&registry, "a", path: "/d/a")
        _ = try registry.complete(ticket, with: Self.entry("a", path: "/d/a", plugin: registered)).get()
        let inFlight = try Self.reserved(&registry, "b", path: "/d/b.pconf")
        let adopted = FakePlugin()
        #expect(registry.adopt(adopted, for: inFlight) == nil)

        let (plugins, waiting) = registry.close()
        #expect(plugins.count == 2)
        #expect(plugins.contains { $0 === registered } && plugins.contains { $0 === adopted })
        #expect(waiting.count == 1)
        #expect(waiting.allSatisfy { $0.result == nil }, "the operation has not ended yet")

        guard case .failure(let late) = registry.complete(inFlight, with: Self.entry("b", path: "/d/b.pconf", plugin: adopted)) else {
            Issue.record("nothing may be inserted after close")
            return
        }
        #expect(late.code == .shutDown)
        #expect(late.plugin == "b" && late.path == "/d/b.pconf")
        #expect(waiting.allSatisfy { $0.result != nil }, "its end is what close's caller waits for")
        #expect(registry.entry(named: "b") == nil)

        guard case .refused(let refused) = registry.reserve("c", path: "/d/c", for: .register) else {
            Issue.record("a closed registry must refuse new names")
            return
        }
        #expect(refused.code == .shutDown)
        #expect(refused.message == "cannot register: the plugin manager is shut down")
        #expect(throws: PluginError.self) { try registry.registerInternal("i", contract: "c", type: "t", service: 1) }
        guard case .refused(let reload) = registry.takeOver("a", for: .reload) else {
            Issue.record("a closed registry must refuse a reload")
            return
        }
        #expect(reload.code == .shutDown)
    }

    @Test("contract types: a clash is found at completion, and the loser's name is freed")
    func contractTypes() throws {
        var registry = Subject()
        let first = try Self.reserved(&registry, "a", path: "/d/a")
        let second = try Self.reserved(&registry, "b", path: "/d/b")
        _ = try registry.complete(first, with: Self.entry("a", path: "/d/a", types: ["dataProcessor": ["echo"]])).get()
        #expect(registry.conflict(["dataProcessor": ["echo"]], for: "b", path: "/d/b")?.code == .duplicateContractType)
        guard case .failure(let error) = registry.complete(second, with: Self.entry("b", path: "/d/b", types: ["dataProcessor": ["echo"]])) else {
            Issue.record("the second claim of a type must fail")
            return
        }
        #expect(error.code == .duplicateContractType)
        #expect(error.message == #"contract "dataProcessor" type "echo" is already served by plugin "a""#)
        #expect(registry.slots["b"] == nil)
        #expect(registry.owners == [ContractKey(contract: "dataProcessor", type: "echo"): "a"])
    }

    @Test("a reload holds the name and its contract types; a stale serial finds nothing; a removal frees both")
    func takeOver() throws {
        var registry = Subject()
        let plugin = FakePlugin()
        let ticket = try Self.reserved(&registry, "a", path: "/d/a")
        let old = try registry.complete(ticket, with: Self.entry("a", path: "/d/a", types: ["t": ["x"]], plugin: plugin)).get()
        guard case .absent = registry.takeOver("a", serial: old.serial + 1, for: .reload) else {
            Issue.record("another registration's serial must find nothing")
            return
        }
        guard case .taken(let reload, let taken) = registry.takeOver("a", serial: old.serial, for: .reload) else {
            Issue.record("the current registration must be taken over")
            return
        }
        #expect(taken.external === plugin)
        #expect(registry.conflict(["t": ["x"]], for: "b", path: "/d/b")?.code == .duplicateContractType, "a reload keeps its types")
        #expect(registry.knownPaths == ["/d/a"], "a rescan leaves a file being reloaded alone")
        guard case .busy = registry.takeOver("a", for: .reload) else {
            Issue.record("a second reload must wait")
            return
        }
        guard case .cancelled(let stopped) = registry.remove("a") else {
            Issue.record("a removal must call the reload off")
            return
        }
        #expect(stopped === plugin, "the old plugin is the remover's to stop too")
        #expect(registry.release(reload)?.message == "was removed while it was being reloaded")
        #expect(registry.owners.isEmpty)
    }

    @Test("a reload that completes swaps its old contract types for its new ones")
    func reloadSwapsTypes() throws {
        var registry = Subject()
        let first = try Self.reserved(&registry, "a", path: "/d/a")
        _ = try registry.complete(first, with: Self.entry("a", path: "/d/a", types: ["t": ["old"]])).get()
        guard case .taken(let reload, _) = registry.takeOver("a", for: .reload) else {
            Issue.record("it is registered")
            return
        }
        let reloaded = try registry.complete(reload, with: Self.entry("a", path: "/d/a", types: ["t": ["new"]])).get()
        #expect(reloaded.serial > 0)
        #expect(registry.owners == [ContractKey(contract: "t", type: "new"): "a"])
    }

    @Test("internal plugins cannot be reloaded, and cannot take a name an operation holds")
    func internalPlugins() throws {
        var registry = Subject()
        try registry.registerInternal("builtin", contract: "dataProcessor", type: "reverse", service: "a value")
        try registry.registerInternal("builtin", contract: "transformer", type: "upper", service: "another")
        #expect(registry.entry(named: "builtin")?.types == ["dataProcessor": ["reverse"], "transformer": ["upper"]])
        guard case .refused(let error) = registry.takeOver("builtin", for: .reload) else {
            Issue.record("an internal plugin has no file to reload from")
            return
        }
        #expect(error.code == .notFound)
        _ = try Self.reserved(&registry, "x", path: "/d/x.pconf")
        #expect {
            try registry.registerInternal("x", contract: "c", type: "t", service: 1)
        } throws: { error in
            (error as? PluginError)?.code == .duplicateName && "\(error)".contains("is being attached (/d/x.pconf)")
        }
    }

    @Test("a load re-checks its registration: a stale serial changes nothing, a second load is a no-op")
    func retype() throws {
        var registry = Subject()
        let ticket = try Self.reserved(&registry, "lazy", path: "/d/lazy.pconf")
        let entry = try registry.complete(ticket, with: Self.entry("lazy", path: "/d/lazy.pconf")).get()
        let capabilities = Capabilities(types: ["dataProcessor": [TypeInfo(type: "echo")]])
        guard case .failure(let stale) = registry.retype("lazy", serial: entry.serial + 1, path: "/d/lazy.pconf", types: ["dataProcessor": ["echo"]], capabilities: capabilities) else {
            Issue.record("a stale serial must not write")
            return
        }
        #expect(stale.code == .stopped)
        #expect(stale.path == "/d/lazy.pconf")
        #expect(registry.owners.isEmpty)
        _ = try registry.retype("lazy", serial: entry.serial, path: "/d/lazy.pconf", types: ["dataProcessor": ["echo"]], capabilities: capabilities).get()
        _ = try registry.retype("lazy", serial: entry.serial, path: "/d/lazy.pconf", types: ["dataProcessor": ["other"]], capabilities: capabilities).get()
        #expect(registry.entry(named: "lazy")?.types == ["dataProcessor": ["echo"]])
        // Removed meanwhile: the load's copy must not bring it back.
        guard case .removed = registry.remove("lazy") else {
            Issue.record("it was registered")
            return
        }
        #expect(throws: PluginError.self) { try registry.retype("lazy", serial: entry.serial, path: "/d/lazy.pconf", types: [:], capabilities: capabilities).get() }
        #expect(registry.slots.isEmpty)
    }

    @Test("a conditional removal takes only the registration it names, and never a held name")
    func conditionalRemoval() throws {
        var registry = Subject()
        let plugin = FakePlugin()
        let ticket = try Self.reserved(&registry, "a", path: "/d/a.pconf")
        guard case .absent = registry.remove("a", where: { _ in true }) else {
            Issue.record("a conditional removal must leave an operation in flight alone")
            return
        }
        _ = try registry.complete(ticket, with: Self.entry("a", path: "/d/a.pconf", plugin: plugin)).get()
        guard case .absent = registry.remove("a", where: { $0.external === FakePlugin() }) else {
            Issue.record("another plugin's removal must not take this one")
            return
        }
        guard case .removed(let removed) = registry.remove("a", where: { $0.external === plugin }) else {
            Issue.record("its own removal must take it")
            return
        }
        #expect(removed.external === plugin)
    }
}
