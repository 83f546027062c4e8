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
        _ candidate: Discovery.Candidate, timeout: Duration, launcher located: Result<Launcher, LauncherMissing>, pinned: PinnedFile? = nil
    ) async throws(PluginError) -> Capabilities {
        let launcher = try located.launcher(.capabilities, plugin: candidate.name, path: candidate.path, cannot: "run 'capabilities'")
        let output: [UInt8]
        do {
            output = try await withDeadline(timeout) {
                var options = PlatformOptions()
                options.processGroupID = 0
                let result = try await Subprocess.run(
                    .path(FilePath(launcher.path)),
                    arguments: Arguments(launcher.arguments(executing: candidate.path, ["capabilities"], pinned: pinned)),
                    platformOptions: options,
                    output: .bytes(limit: outputLimit),
                    error: .string(limit: 64 * 1024)
                )
                guard case .exited(0) = result.terminationStatus else {
                    let stderr = result.standardError.split(separator: "\n").suffix(5).joined(separator: "\n")
                    throw PluginError(.capabilities, plugin: candidate.name, path: candidate.path,
                                      message: "'capabilities' failed (\(result.terminationStatus.summary))" + (stderr.isEmpty ? "" : ": \(stderr)"))
                }
                // The pinned descriptor stays open until the probe has ended.
                return withExtendedLifetime(pinned) { result.standardOutput }
            }
        } catch let error as PluginError {
            throw error
        } catch is DeadlineExceeded {
            throw PluginError(.capabilities, plugin: candidate.name, path: candidate.path, message: "'capabilities' did not finish within \(timeout); killed it")
        } catch {
            throw PluginError(.capabilities, plugin: candidate.name, path: candidate.path, message: "'capabilities' could not run: \(error)")
        }
        // Tolerate log lines before the document: use the first line that starts a JSON object, through the end.
        let document = Self.jsonDocument(in: output)
        do {
            return try Capabilities.parse(document)
        } catch {
            let shown = String(decoding: output.prefix(120), as: UTF8.self).replacingOccurrences(of: "\n", with: "\\n")
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

extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
