import Plugboard
import PlugboardProtocol

extension PluginChecker {
    /// Checks an attached plugin (a manifest or a URL) as a host attaches it: reached, capabilities, TLS, `/healthz`,
    /// how it authenticates hosts, an unknown endpoint, methods (listed, not called) and events (the stream opens).
    /// Another process runs it, so its start, stop, idle timeout and parent watch are not checked, and nothing here
    /// stops it or calls its methods.
    static func checkAttached(_ target: AttachedTarget, deadline: Duration, verbose: Bool) async -> [CheckStep] {
        var steps: [CheckStep] = []
        var options = RegistrationOptions(lazy: true, capabilitiesTimeout: deadline, startupTimeout: deadline, callTimeout: deadline)
        options.healthCheckInterval = .seconds(3600)
        do {
            try await PluginManager.withManager(configuration: .cli, logger: .cli(verbose: verbose)) { manager in
                let attached: (handle: PluginHandle, capabilities: Capabilities)
                do {
                    attached = try await attach(target.url, as: "checked", token: target.token, tls: target.tls, in: manager, options: options)
                } catch let error as PluginError {
                    let hint = error.status == 401 && target.token == nil && !target.argument.hasSuffix("." + Manifest.fileExtension)
                        ? "; give its manifest, which holds the token, instead of its URL" : ""
                    steps.append(.fail("attach", error.message.oneLine + hint))
                    return
                } catch {
                    steps.append(.fail("attach", "\(error)"))
                    return
                }
                let credentials = [target.token == nil ? nil : "with its manifest's token", target.presentsCertificate ? "with a client certificate" : nil].compactMap { $0 }
                steps.append(.pass("attach", "reached at \(target.url)" + (credentials.isEmpty ? "" : ", " + credentials.joined(separator: " and "))))
                steps += CheckCommand.capabilitySteps(attached.capabilities)
                let checker = PluginChecker(subject: CheckSubject(path: target.argument, capabilities: attached.capabilities), deadline: deadline, verbose: verbose)
                var mutual = false
                if let tls = target.tls {
                    let step = await checker.checkClientCertificate(target, tls: tls, in: manager, options: options)
                    mutual = step.requiresCertificate
                    steps.append(step.step)
                }
                let health = try? await attached.handle.send(.get, "/healthz")
                steps.append(health?.status == 200 ? .pass("healthz", "GET /healthz answered 200")
                    : .fail("healthz", "GET /healthz answered \(health.map { String($0.status) } ?? "nothing")"))
                steps.append(await checker.checkAttachedToken(target, mutual: mutual, in: manager, options: options))
                steps.append(await checker.checkUnknownEndpoint(attached.handle, step: "unknown endpoint"))
                let listening = checker.subject.supports(.events) ? await checker.listen(attached.handle) : nil
                if checker.subject.supports(.methods) {
                    steps.append(await checker.checkMethods(attached.handle, step: "methods", calling: false))
                }
                if let listening {
                    steps.append(await checker.checkEvents(listening, step: "events"))
                }
            }
        } catch {
            steps.append(.fail("host", "\(error)"))
        }
        return steps
    }

    /// Attaches `url` under `name` and loads it (connects, `GET /healthz`, the capabilities); its handle and
    /// capabilities, or the error that stopped it.
    private static func attach(_ url: String, as name: String, token: String?, tls: PluginTLS?, in manager: PluginManager, options: RegistrationOptions) async throws(PluginError) -> (handle: PluginHandle, capabilities: Capabilities) {
        do {
            let info = try await manager.attach(url: url, name: name, lazy: true, token: token, tls: tls, options: options)
            try await manager.load(info.name)
            let capabilities = await manager.plugins().first { $0.name == info.name }?.capabilities ?? Capabilities()
            return (try await manager.handle(named: info.name), capabilities)
        } catch let error as PluginError {
            throw error
        } catch {
            throw PluginError(.connection, plugin: name, path: url, message: "\(error)")
        }
    }

    /// With a client certificate given: whether the plugin refuses a host that presents none. Without one, the
    /// handshake that already succeeded is the step.
    private func checkClientCertificate(_ target: AttachedTarget, tls: PluginTLS, in manager: PluginManager, options: RegistrationOptions) async -> (step: CheckStep, requiresCertificate: Bool) {
        let verified = "the certificate verifies against the CA given" + (tls.serverName.map { " for the name \($0)" } ?? " for the URL's host")
        guard target.presentsCertificate else {
            return (.pass("tls", verified + "; no client certificate was given, so whether the plugin requires one is not checked"), false)
        }
        var anonymous = tls
        anonymous.certificateChain = nil
        anonymous.privateKey = nil
        do {
            _ = try await Self.attach(target.url, as: "checked-without-certificate", token: target.token, tls: anonymous, in: manager, options: options)
            return (.pass("tls", verified + "; a host without a client certificate is served too (the plugin does not require one)"), false)
        } catch {
            guard error.code == .tls else {
                return (.fail("tls", verified + "; a host without a client certificate got an error that is not a TLS refusal: \(error.message.oneLine)"), false)
            }
            return (.pass("tls", verified + "; a host without a client certificate is refused (mutual TLS)"), true)
        }
    }

    /// How the plugin tells hosts apart: its manifest's token (refused without it and with a wrong one), a client
    /// certificate (mutual TLS), or nothing, which lets whoever reaches its address call it.
    private func checkAttachedToken(_ target: AttachedTarget, mutual: Bool, in manager: PluginManager, options: RegistrationOptions) async -> CheckStep {
        let step = "token"
        guard target.token != nil else {
            if mutual { return .pass(step, "no token: the client certificate is the credential") }
            return subject.tolerated(step, "its manifest gives no token and it requires no client certificate, so whoever can reach \(target.url) can call it",
                                     hostCopes: "it calls it unauthenticated")
        }
        for (what, token) in [("without a token", nil), ("with a wrong token", "plugboard-check-wrong-token")] as [(String, String?)] {
            do {
                _ = try await Self.attach(target.url, as: "checked-\(token == nil ? "no" : "wrong")-token", token: token, tls: target.tls, in: manager, options: options)
                return .fail(step, "a host \(what) was served: the token its manifest gives is not required")
            } catch {
                guard error.status == 401 || error.message.contains("401") else {
                    return .fail(step, "a host \(what) got an error other than 401: \(error.message.oneLine)")
                }
            }
        }
        return .pass(step, "a host without the manifest's token and one with a wrong token were refused (401)")
    }
}
