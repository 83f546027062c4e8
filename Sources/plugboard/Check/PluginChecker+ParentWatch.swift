import Plugboard
import PlugboardProtocol

#if canImport(Glibc)
import Glibc
#endif

extension PluginChecker {
    /// How long a plugin may take to stop once its host has died.
    static let parentWatchBound = Duration.seconds(5)
    /// How long the launcher waits for a plugin whose host died before it sends SIGTERM (plugboard-launcher/main.c).
    static let launcherGrace = Duration.milliseconds(250)

    /// `parentWatch`: starts the plugin under a host process of its own (`plugboard check-host`), kills that host
    /// with SIGKILL (so the kernel closes the plugin's stdin) and waits for the plugin to exit. One that is still
    /// running after the bound is killed with its process group.
    func checkParentWatch(over kind: TransportKind) async -> CheckStep {
        let step = "parent watch"
        // The host's private socket directory, and anything a plugin makes in TMPDIR, go under a directory of ours.
        var template = Array("/tmp/pb-check-host-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            return .fail(step, "cannot make a temporary directory: \(String(cString: strerror(errno)))")
        }
        let scratch = String(cString: made)
        defer { FileBytes.removeTreeRecursively(scratch) }
        let host: HostChild
        do {
            host = try HostChild.spawn(arguments: ["check-host", subject.path, "--transport", kind.rawValue, "--timeout", "\(deadline.components.seconds)"],
                                       environment: ["TMPDIR": scratch], showErrors: verbose)
        } catch {
            return .fail(step, "cannot start a host process: \(error)")
        }
        let line = await host.readLine(within: deadline + .seconds(5))
        let fields = line?.split(separator: " ") ?? []
        guard fields.count >= 2, fields[0] == "ready", let pid = Int32(fields[1]), pid > 0 else {
            await host.kill()
            return .fail(step, "the plugin did not start under a host process of its own" + (line.map { ": \($0)" } ?? ""))
        }
        let socket = fields.count >= 3 ? (try? Location(parsing: String(fields[2]))).flatMap { location -> String? in
            if case .unix(let path) = location { return path } else { return nil }
        } : nil
        let group = ProcessTable.processGroup(of: pid)
        await host.kill()
        let killed = ContinuousClock.now
        while ProcessTable.isRunning(pid), ContinuousClock.now - killed < Self.parentWatchBound {
            try? await Task.sleep(for: .milliseconds(10))
        }
        let after = ContinuousClock.now - killed
        guard !ProcessTable.isRunning(pid) else {
            Glibc.kill(pid, SIGKILL)
            if let group { Glibc.kill(-group, SIGKILL) }
            return .fail(step, "pid \(pid) was still running \(Self.parentWatchBound) after its host died (its stdin reached end-of-file); killed it")
        }
        // Once the host is gone the launcher gives the plugin 250 ms to stop by itself, then sends SIGTERM
        // (docs/LIFECYCLE.md): an exit later than that, with its socket left, is the launcher's doing.
        let leftSocket = socket.map { FileBytes.exists($0) || FileBytes.exists($0 + ".lock") } ?? false
        if after < Self.launcherGrace || (socket != nil && !leftSocket) {
            return .pass(step, "stopped \(Self.seconds(after)) after its host was killed with SIGKILL" + (socket != nil ? ", socket and lock file removed" : ""))
        }
        return .fail(step, "did not stop by itself when its stdin closed: still running \(Self.seconds(Self.launcherGrace)) after its host died, then ended (by the launcher's SIGTERM) \(Self.seconds(after)) after" + (leftSocket ? ", leaving its socket" : ""))
    }
}
