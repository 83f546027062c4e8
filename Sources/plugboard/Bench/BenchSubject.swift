import Plugboard

#if canImport(Glibc)
import Glibc
#endif

/// A plugin `plugboard bench` measures: the example simple-processor, or (with `--compare`) any plugin that serves
/// the `dataProcessor` contract.
struct BenchSubject: Sendable {
    /// The executable.
    let path: String
    /// The `dataProcessor` type the small calls ask for.
    let type: String
    /// How the report names it: the executable's file name.
    var label: String { String(path.split(separator: "/").last ?? Substring(path)) }

    /// The bench's own subject: simple-processor and its `uppercase` type.
    static func simpleProcessor(at path: String) -> BenchSubject {
        BenchSubject(path: path, type: "uppercase")
    }

    /// The plugin `--compare` names: an executable, or a directory holding exactly one plugin that serves
    /// `dataProcessor` (the first by name when there are several, as discovery orders them).
    ///
    /// - Throws: ``CommandFailure`` naming the path when nothing there can be run, answers `capabilities`, or
    ///   serves `dataProcessor`.
    static func resolve(_ argument: String) async throws -> BenchSubject {
        var info = stat()
        // Absolute: the bench links the plugin into directories of its own.
        guard stat(argument, &info) == 0, let resolved = realpath(argument, nil) else {
            throw CommandFailure(message: "bench --compare: \(argument): \(String(cString: strerror(errno)))")
        }
        let absolute = String(cString: resolved)
        free(resolved)
        let found: [DiscoveredPlugin]
        if (info.st_mode & S_IFMT) == S_IFDIR {
            found = try await Discovery.probe(directory: absolute)
        } else {
            found = [await Discovery.probe(file: absolute)]
        }
        var reasons: [String] = []
        for plugin in found {
            if let error = plugin.error {
                reasons.append("\(plugin.path): \(error)")
                continue
            }
            guard let type = plugin.capabilities?.types["dataProcessor"]?.first?.type else {
                reasons.append("\(plugin.path): serves no dataProcessor type")
                continue
            }
            return BenchSubject(path: plugin.path, type: type)
        }
        throw CommandFailure(message: "bench --compare: no plugin serving dataProcessor in \(argument)"
            + (reasons.isEmpty ? " (no plugin files found)" : ": " + reasons.joined(separator: "; ")))
    }
}
