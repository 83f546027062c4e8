import Plugboard
import PlugboardProtocol

#if canImport(Glibc)
import Glibc
#endif

extension PluginChecker {
    /// How long a plugin may take to stop once its host has died.
    static let parentWatchBound = Duration.seconds(5)

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
        await host.kill()
        let until = ContinuousClock.now + Self.parentWatchBound
        let killed = ContinuousClock.now
        while ProcessTable.isRunning(pid), ContinuousClock.now < until {
            try? await Task.sleep(for: .milliseconds(20))
        }
        guard !ProcessTable.isRunning(pid) else {
            Glibc.kill(-pid, SIGKILL)
            return .fail(step, "pid \(pid) was still running \(Self.parentWatchBound) after its host died (its stdin reached end-of-file); killed it")
        }
        return .pass(step, "exited \(Self.seconds(ContinuousClock.now - killed)) after its host was killed with SIGKILL")
    }
}
