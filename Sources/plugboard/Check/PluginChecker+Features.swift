import JSONSchema
import Plugboard
import PlugboardProtocol
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The steps for the v2 features a plugin declares (docs/PROTOCOL.md §10, §5, §4, §15, §16).
extension PluginChecker {
    /// `token`: a request without the token, and one with a wrong token, are refused with 401.
    func checkToken(at location: Location, step: String) async -> CheckStep {
        var refused: [String] = []
        for (what, header) in [("without a token", nil), ("with a wrong token", "Bearer plugboard-check-wrong-token")] as [(String, String?)] {
            switch await RawProbe.status(at: location, path: "/healthz", authorization: header, timeout: min(deadline, .seconds(5))) {
            case .success(401):
                refused.append(what)
            case .success(let status):
                return .fail(step, "GET /healthz \(what) answered \(status); a plugin that declares \"token\" must answer 401")
            case .failure(let failure):
                return .fail(step, "GET /healthz \(what): \(failure)")
            }
        }
        return .pass(step, "GET /healthz \(refused.joined(separator: " and ")) answered 401")
    }

    /// The Unix socket: mode 0600, and (`socketDirectory`) inside the private directory the host gave.
    func checkSocket(_ path: String, step: String) -> CheckStep {
        var info = stat()
        guard stat(path, &info) == 0 else { return .fail(step, "cannot stat the socket \(path): \(String(cString: strerror(errno)))") }
        let mode = info.st_mode & 0o7777
        let directory = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
        if subject.supports(.socketDirectory) && !(directory.split(separator: "/").last?.hasPrefix(Self.socketDirectoryPrefix) ?? false) {
            return .fail(step, "the socket is \(path), outside the private directory the config's socketDirectory named (\(Self.socketDirectoryPrefix)…): other local users may reach it")
        }
        guard mode == 0o600 else {
            let detail = "the socket \(path) has mode \(String(mode, radix: 8)), not 600: other local users may connect to it"
            return subject.isV2 ? .fail(step, detail) : .warn(step, detail + "; a v1 deviation the host tolerates")
        }
        return .pass(step, "\(path), mode 600" + (subject.supports(.socketDirectory) ? ", inside the host's private directory" : ""))
    }

    /// `configStdin`: the config (which may hold secrets) is on no command line of the plugin's process group.
    func checkConfigNotInArguments(pid: Int32?, step: String) -> CheckStep {
        guard let pid else { return .fail(step, "no process id to look at") }
        // The instance id the host wrote into the config: `<name>-<host pid>-<n>`.
        let marker = "-\(getpid())-"
        // The plugin's group is its launcher's (docs/LIFECYCLE.md): every process in it, the plugin's children too.
        guard let group = ProcessTable.processGroup(of: pid) else { return .fail(step, "pid \(pid) is not running") }
        let processes = ProcessTable.group(group)
        guard processes.contains(where: { $0.pid == pid }) else { return .fail(step, "cannot read the command line of pid \(pid)") }
        if let leaking = processes.first(where: { $0.arguments.contains { $0.contains(marker) } }) {
            return .fail(step, "pid \(leaking.pid) has the config on its command line (\(leaking.arguments.joined(separator: " ").prefix(120))): every local user can read it with ps")
        }
        return .pass(step, "read from stdin: none of the \(processes.count) process(es) of its group has the config in its arguments")
    }

    /// The events that arrive while the check runs, and whether the stream opened.
    final class Arrivals: Sendable {
        let names: [String]
        let count = Mutex(0)
        let failure = Mutex<PluginError?>(nil)

        init(names: [String]) { self.names = names }
    }

    /// `events`: listens for every declared event (or one made-up name when none is declared).
    func listen(_ handle: PluginHandle) async -> Arrivals {
        let arrivals = Arrivals(names: subject.capabilities.events.isEmpty ? ["plugboard-check"] : subject.capabilities.events)
        do {
            for name in arrivals.names {
                try await handle.on(name) { _ in arrivals.count.withLock { $0 += 1 } }
            }
        } catch {
            let failure = error as? PluginError ?? PluginError(.connection, plugin: handle.name, message: "\(error)")
            arrivals.failure.withLock { $0 = failure }
        }
        return arrivals
    }

    func checkEvents(_ arrivals: Arrivals, step: String) async -> CheckStep {
        if let error = arrivals.failure.withLock({ $0 }) {
            return .fail(step, "GET /plugboard/v2/events?listen=\(arrivals.names.joined(separator: ",")) did not open: \(error.message.oneLine)")
        }
        // Delivery is asynchronous: an event queued by a method that has answered may still be on its way.
        let until = ContinuousClock.now + .seconds(1)
        while arrivals.count.withLock({ $0 }) == 0, ContinuousClock.now < until {
            try? await Task.sleep(for: .milliseconds(20))
        }
        let arrived = arrivals.count.withLock { $0 }
        let listened = arrivals.names.joined(separator: ", ")
        return arrived > 0 ? .pass(step, "the stream opened (listening for \(listened)) and delivered \(arrived) event(s) sent while the methods were called")
            : .pass(step, "the stream opened (listening for \(listened)); no method sent an event when called with an empty body, so delivery was not seen")
    }

    /// `methods`: the endpoint lists every declared method, each is served (called once with an empty body, unless
    /// `calling` is false: an attached plugin's methods may act on someone's data), and each input schema compiles.
    func checkMethods(_ handle: PluginHandle, step: String, calling: Bool = true) async -> CheckStep {
        let declared = subject.capabilities.methods
        let listed: [MethodInfo]
        do {
            let response = try await handle.send(.get, V2Paths.methods)
            guard response.status == 200 else {
                return .fail(step, "GET \(V2Paths.methods) answered \(response.status): \(String(decoding: response.body.prefix(120), as: UTF8.self).oneLine)")
            }
            listed = try WireJSON.decode(MethodsResponse.self, from: response.body).methods
        } catch {
            return .fail(step, "GET \(V2Paths.methods): \(error)")
        }
        let missing = declared.map(\.name).filter { name in !listed.contains { $0.name == name } }
        guard missing.isEmpty else {
            return .fail(step, "GET \(V2Paths.methods) does not list the declared method(s) \(missing.map { "\"\($0)\"" }.joined(separator: ", "))")
        }
        for method in declared {
            if let schema = method.inputSchema {
                do {
                    _ = try JSONSchema(json: schema.bytes)
                } catch {
                    return .fail(step, "method \"\(method.name)\": its inputSchema is not a valid JSON Schema, so the host refuses every call: \(error)")
                }
            }
            guard calling else { continue }
            let path = V2Paths.method(method.name)
            do {
                let response = try await handle.send(.post, path)
                if response.status == 404 {
                    return .fail(step, "POST \(path) answered 404: the declared method \"\(method.name)\" is not served")
                }
            } catch {
                return .fail(step, "POST \(path): \((error as? PluginError)?.message.oneLine ?? "\(error)")")
            }
        }
        return .pass(step, declared.isEmpty ? "GET \(V2Paths.methods) answered (no methods declared)"
            : calling ? "GET \(V2Paths.methods) lists all \(declared.count) declared method(s); each is served and each input schema compiles"
            : "GET \(V2Paths.methods) lists all \(declared.count) declared method(s) and each input schema compiles (not called: it is someone else's running plugin)")
    }
}
