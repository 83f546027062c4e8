import PlugboardProtocol
import Subprocess

#if canImport(System)
import System
#else
import SystemPackage
#endif

/// Runs `PLUGIN capabilities` through the launcher (so that a probe, too, ends with its host), with a deadline and an
/// output limit, and parses what it prints.
enum CapabilitiesProbe {
    /// The most a capabilities document may be.
    static let outputLimit = 4 << 20

    static func run(
        _ candidate: Discovery.Candidate, timeout: Duration, launcher located: Result<Launcher, LauncherMissing>, pinned: PinnedFile? = nil,
        sandbox policy: SandboxPolicy = .disabled
    ) async throws(PluginError) -> (Capabilities, SandboxReport?) {
        let launcher = try located.launcher(.capabilities, plugin: candidate.name, path: candidate.path, cannot: "run 'capabilities'")
        // Sandboxed like its runs: a plugin's code runs for the first time here.
        let sandbox: SandboxLaunch?
        do {
            sandbox = policy.isEnabled
                ? try SandboxLaunch(policy: policy, executable: candidate.path, environment: [:], transport: .unix, socketDirectory: nil)
                : nil
        } catch {
            throw PluginError(.sandbox, plugin: candidate.name, path: candidate.path, message: "cannot prepare its sandbox: \(error)")
        }
        let environment: [Environment.Key: String?] = sandbox.map {
            ["TMPDIR": $0.scratchDirectory, "PLUGBOARD_SCRATCH": $0.scratchDirectory]
        } ?? [:]
        var output: [UInt8]
        do {
            output = try await withDeadline(timeout) {
                var options = PlatformOptions()
                options.processGroupID = 0
                // Past the deadline: SIGTERM to the launcher's group (a wrapper script's real program included), then
                // SIGKILL to it, so that whatever holds the output pipes ends and the probe returns.
                options.teardownSequence = [.gracefulShutDown(toProcessGroup: true, allowedDurationToNextStep: .milliseconds(250))]
                let result = try await Subprocess.run(
                    .path(FilePath(launcher.path)),
                    arguments: Arguments(launcher.arguments(executing: candidate.path, ["capabilities"], pinned: pinned, sandbox: sandbox?.spec)),
                    environment: .inherit.updating(environment),
                    platformOptions: options,
                    output: .bytes(limit: outputLimit),
                    error: .string(limit: 64 * 1024)
                )
                let violation = await sandbox?.finish().violation
                guard case .exited(0) = result.terminationStatus else {
                    let stderr = result.standardError.split(separator: "\n").suffix(5).joined(separator: "\n")
                    if let failure = stderr.split(separator: "\n").last(where: { $0.hasPrefix(SandboxLaunch.failurePrefix) }) {
                        throw PluginError(.sandbox, plugin: candidate.name, path: candidate.path,
                                          message: "cannot run 'capabilities' sandboxed: \(failure.dropFirst(SandboxLaunch.failurePrefix.count))")
                    }
                    let status = violation.map { "\($0.detail); \(result.terminationStatus.summary)" } ?? result.terminationStatus.summary
                    throw PluginError(.capabilities, plugin: candidate.name, path: candidate.path,
                                      message: "'capabilities' failed (\(status))" + (stderr.isEmpty ? "" : ": \(stderr)"))
                }
                // The pinned descriptor stays open until the probe has ended.
                return withExtendedLifetime(pinned) { result.standardOutput }
            }
        } catch let error as PluginError {
            throw error
        } catch is DeadlineExceeded {
            _ = await sandbox?.finish()
            throw PluginError(.capabilities, plugin: candidate.name, path: candidate.path, message: "'capabilities' did not finish within \(timeout); killed it")
        } catch {
            _ = await sandbox?.finish()
            throw PluginError(.capabilities, plugin: candidate.name, path: candidate.path, message: "'capabilities' could not run: \(error)")
        }
        // The launcher's report comes first, before anything the plugin printed.
        var report: SandboxReport?
        if sandbox != nil, let newline = output.firstIndex(of: UInt8(ascii: "\n")),
           let parsed = SandboxReport(line: String(decoding: output[..<newline], as: UTF8.self)) {
            report = sandbox?.completing(parsed) ?? parsed
            output.removeSubrange(...newline)
        }
        // Tolerate log lines before the document: use the first line that starts a JSON object, through the end.
        let document = Self.jsonDocument(in: output)
        do {
            return (try Capabilities.parse(document), report)
        } catch {
            let shown = String(decoding: output.prefix(120), as: UTF8.self).replacing("\n", with: "\\n")
            throw PluginError(.capabilities, plugin: candidate.name, path: candidate.path, message: "'capabilities' output is not a capabilities document (\(error.description)); it printed \"\(shown)\"")
        }
    }

    private static func jsonDocument(in output: [UInt8]) -> ArraySlice<UInt8> {
        var lineStart = output.startIndex
        for index in output.indices {
            if index == lineStart, output[index] == UInt8(ascii: "{") { return output[index...] }
            if output[index] == UInt8(ascii: "\n") { lineStart = index + 1 }
        }
        return output[...]
    }
}
