import Logging
import PlugboardProtocol
import Subprocess
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

#if canImport(System)
import System
#else
import SystemPackage
#endif

/// One running plugin process: spawned by ``run(_:onExit:)`` inside the manager's task group, it hands out the
/// location line, forwards stdout and stderr to the log, signals the process's group until it is reaped, and reports its
/// exit.
///
/// The process's stdin is a pipe the host holds open for the process's whole life: a v2 plugin that watches its
/// parent sees end-of-file when the host dies, even by SIGKILL.
final class ProcessHandle: Sendable {
    let pluginName: String
    /// The location line, or why none came.
    let location = OneShot<Location>()
    /// The exit status, once the process has been reaped.
    let exit = OneShot<TerminationStatus>()
    private let state = Mutex(State())

    private struct State: ~Copyable {
        /// Set once spawned, until reaped: signals go to the process group while it is set. (The group, not the
        /// pid: a plugin that is a wrapper script around the real program is ended with it.) It is the launcher's
        /// pid, which leads the group.
        var signalTarget: pid_t?
        /// The plugin's own pid (the launcher's child) once it printed its location; the launcher's before.
        var pid: Int32?
        /// A kill asked for before the process was spawned: it is killed the moment it is.
        var killed = false
        var stderrTail: [String] = []
        /// What the launcher said it applied (its first stdout line), for a sandboxed process.
        var sandbox: SandboxReport?
        /// Why the launcher could not apply the sandbox (its stderr line), if it could not.
        var sandboxFailure: String?
        /// What the process used and the sandbox limit it passed, from the watchdog's report once it was reaped.
        var outcome: SandboxOutcome?
    }

    init(pluginName: String) {
        self.pluginName = pluginName
    }

    /// The plugin's process id once it printed its location (the launcher's, which leads its group, before).
    var pid: Int32? { state.withLock { $0.pid } }

    /// The protections the process runs with, once the launcher reported them.
    var sandbox: SandboxReport? { state.withLock { $0.sandbox } }

    /// What a sandboxed process used and the limit it passed, once it was reaped.
    var outcome: SandboxOutcome? { state.withLock { $0.outcome } }

    /// The last lines the plugin wrote to stderr (at most 20), for error messages.
    var stderrTail: String { state.withLock { $0.stderrTail.joined(separator: "\n") } }

    /// Sends a signal to the process's group if the process has not been reaped yet (whether or not it still has
    /// its stdout and stderr open).
    func send(_ signal: Subprocess.Signal) {
        guard let target = state.withLock({ $0.signalTarget }) else { return }
        Self.signal(target, signal.rawValue)
    }

    /// Kills the process (SIGKILL), also one that is still being spawned.
    func kill() {
        let target = state.withLock { state -> pid_t? in
            state.killed = true
            return state.signalTarget
        }
        if let target { Self.signal(target, SIGKILL) }
    }

    /// Signals the group led by `pid` (the plugin runs in a group of its own), or the process alone if the group is gone.
    private static func signal(_ pid: pid_t, _ signal: Int32) {
        if killpg(pid, signal) != 0 { _ = Glibc.kill(pid, signal) }
    }

    /// Spawns the process and serves it until it exits. Call from a task the manager owns. `onExit` runs once the
    /// process is reaped, before anyone waiting on ``exit`` resumes.
    func run(_ spec: SpawnSpec, onExit: @Sendable (TerminationStatus, SandboxOutcome?) -> Void) async {
        Self.ignoreBrokenPipes()
        let logger = spec.logger
        var options = PlatformOptions()
        // Its own process group: a Ctrl-C in the host's terminal reaches the host, which then stops plugins in order.
        options.processGroupID = 0
        // Only when the job is cancelled (the manager stops plugins itself, in order, before its jobs end): SIGTERM to
        // the group the launcher leads (the launcher ignores it; the plugin and what it started get it), 2 s, then
        // SIGKILL to the group. To the launcher alone, SIGTERM would do nothing and SIGKILL would leave the plugin to
        // its parent-death signal and its children to the launcher's clean-up.
        options.teardownSequence = [.gracefulShutDown(toProcessGroup: true, allowedDurationToNextStep: .seconds(2))]
        var environment: [Environment.Key: String?] = [:]
        for (key, value) in spec.environment { environment[Environment.Key(stringLiteral: key)] = value }
        do {
            let result = try await Subprocess.run(
                .path(FilePath(spec.launcher.path)),
                arguments: Arguments(spec.launcher.arguments(executing: spec.executable, spec.arguments, pinned: spec.pinned, sandbox: spec.sandbox?.spec)),
                environment: .inherit.updating(environment),
                platformOptions: options,
                input: .inputWriter,
                output: .sequence,
                error: .sequence
            ) { execution in
                let pid = execution.processIdentifier.value
                let killed = self.state.withLock { state in
                    state.pid = pid
                    state.signalTarget = pid
                    return state.killed
                }
                if killed { Self.signal(pid, SIGKILL) }
                await withTaskGroup(of: Void.self) { group in
                    group.addTask { await self.readStdout(execution.standardOutput, sandbox: spec.sandbox, logger: logger) }
                    group.addTask { await self.readStderr(execution.standardError, logger: logger) }
                    // The config line, beside the readers: a plugin that prints more than a pipe holds before it reads
                    // stdin, or a config larger than a pipe, must not leave both sides waiting for each other.
                    if let line = spec.stdinLine {
                        group.addTask { _ = try? await execution.standardInputWriter.write(line + "\n") }
                    }
                }
                // The process may live on with its output closed: it can still be signalled until it is reaped.
                try? await execution.standardInputWriter.finish()
            }
            // Reaped: its pid may be reused from now on. A pinned file's descriptor was held until now.
            withExtendedLifetime(spec.pinned) {}
            state.withLock { $0.signalTarget = nil }
            let outcome = await spec.sandbox?.finish()
            state.withLock { $0.outcome = outcome }
            onExit(result.terminationStatus, outcome)
            finish(result.terminationStatus, violation: outcome?.violation)
        } catch {
            state.withLock { $0.signalTarget = nil }
            _ = await spec.sandbox?.finish()
            location.fail(PluginError(.spawnFailed, plugin: pluginName, path: spec.executable, message: "cannot start: \(error)"))
            exit.fail(error)
        }
    }

    /// Writing the config to a plugin that died meanwhile must fail with EPIPE, not kill the host with SIGPIPE:
    /// SIGPIPE is ignored from the first spawn on, as SwiftNIO does from its first socket, unless the application
    /// has a handler of its own. (Plugins get default dispositions: swift-subprocess resets them.)
    private static func ignoreBrokenPipes() {
        var current = sigaction()
        guard sigaction(SIGPIPE, nil, &current) == 0, current.__sigaction_handler.sa_handler == nil else { return }
        _ = Glibc.signal(SIGPIPE, SIG_IGN)
    }

    private func finish(_ status: TerminationStatus, violation: SandboxViolation?) {
        let tail = stderrTail
        if let failure = state.withLock({ $0.sandboxFailure }) {
            location.fail(PluginError(.sandbox, plugin: pluginName, message: "cannot start sandboxed: \(failure)"))
            exit.succeed(status)
            return
        }
        let summary = violation.map { "\($0.detail); \(status.summary)" } ?? status.summary
        location.fail(PluginError(
            .exitedDuringStartup,
            plugin: pluginName,
            message: "exited (\(summary)) before printing its location" + (tail.isEmpty ? "" : "; its stderr ended with:\n\(tail)")
        ))
        exit.succeed(status)
    }

    private func readStdout(_ output: SubprocessOutputSequence, sandbox: SandboxLaunch?, logger: Logger) async {
        var splitter = LineSplitter()
        var found = false
        // The launcher prints its report before exec, so it is the first line and the plugin cannot forge it.
        var expectsReport = sandbox != nil
        func consider(_ line: String) {
            if expectsReport {
                expectsReport = false
                if let launched = SandboxReport(line: line) {
                    let report = sandbox?.completing(launched) ?? launched
                    state.withLock { $0.sandbox = report }
                    if report.missing.isEmpty {
                        logger.debug("sandboxed", metadata: ["protections": "\(report)"])
                    } else {
                        logger.warning("sandboxed, but without all it asked for", metadata: ["protections": "\(report)"])
                    }
                    return
                }
            }
            if !found, let location = try? Location(parsing: line) {
                found = true
                adoptPluginPid()
                self.location.succeed(location)
            } else if !line.isEmpty {
                logger.info("stdout: \(line)", metadata: ["stream": "stdout"])
            }
        }
        do {
            for try await buffer in output {
                for line in buffer.withUnsafeBytes({ splitter.feed($0) }) { consider(line) }
            }
        } catch {
            logger.debug("stdout read failed", metadata: ["error": "\(error)"])
        }
        if let last = splitter.flush() { consider(last) }
    }

    /// Takes the plugin's pid from the launcher's only child: a user who signals the pid the host shows reaches the
    /// plugin (the launcher ignores the group signals meant for the plugin).
    private func adoptPluginPid() {
        guard let launcher = state.withLock({ $0.signalTarget }),
              let text = FileSystem.readSmallFile("/proc/\(launcher)/task/\(launcher)/children", limit: 256),
              let child = String(decoding: text, as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\n" }).first.flatMap({ Int32($0) })
        else { return }
        state.withLock { state in
            if state.signalTarget == launcher { state.pid = child }
        }
    }

    private func readStderr(_ output: SubprocessOutputSequence, logger: Logger) async {
        var splitter = LineSplitter()
        func forward(_ line: String) {
            guard !line.isEmpty else { return }
            if line.hasPrefix(SandboxLaunch.failurePrefix) {
                state.withLock { $0.sandboxFailure = String(line.dropFirst(SandboxLaunch.failurePrefix.count)) }
            }
            state.withLock { state in
                state.stderrTail.append(line)
                if state.stderrTail.count > 20 { state.stderrTail.removeFirst() }
            }
            PluginLog.forward(line, to: logger)
        }
        do {
            for try await buffer in output {
                for line in buffer.withUnsafeBytes({ splitter.feed($0) }) { forward(line) }
            }
        } catch {
            logger.debug("stderr read failed", metadata: ["error": "\(error)"])
        }
        if let last = splitter.flush() { forward(last) }
    }
}

extension TerminationStatus {
    /// "exit status 3" or "signal 9".
    var summary: String {
        switch self {
        case .exited(let code): return "exit status \(code)"
        case .signaled(let signal): return "killed by signal \(signal)"
        }
    }
}
