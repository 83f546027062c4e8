import ArgumentParser
import Plugboard

/// `plugboard verify DIR`: checks a plugin directory against its lock file.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every plugin file in DIR against DIR/plugboard.lock.",
        discussion: """
            Prints one line per file: ok, MISMATCH (with the expected and the actual digest), NOT PINNED (a file the \
            lock does not name) or MISSING (a name in the lock with no file). Exit 0 when every file matches, 1 \
            otherwise (or when DIR or the lock cannot be read), 2 for a usage error.
            """
    )

    @Argument(help: "The plugin directory.")
    var directory: String

    func run() async throws {
        let lock = try PinLock.read(directory: directory)
        let candidates: [Discovery.Candidate]
        do {
            candidates = try Discovery.candidates(in: directory)
        } catch {
            throw CommandFailure(message: "cannot read plugin directory \(error)")
        }
        var failures = 0
        for candidate in candidates {
            let actual: String
            do {
                actual = try PinLock.digest(ofFile: candidate.path)
            } catch {
                Output.line("UNREADABLE  \(candidate.name): \(error)")
                failures += 1
                continue
            }
            switch lock.digests[candidate.name] {
            case actual?:
                Output.line("ok          \(candidate.name)")
            case let expected?:
                Output.line("MISMATCH    \(candidate.name): expected sha256 \(expected), actual \(actual)")
                failures += 1
            case nil:
                Output.line("NOT PINNED  \(candidate.name): sha256 \(actual)")
                failures += 1
            }
        }
        let present = Set(candidates.map(\.name))
        for name in lock.digests.keys.sorted() where !present.contains(name) {
            Output.line("MISSING     \(name): pinned in \(PinLock.path(in: directory)), no such plugin file")
            failures += 1
        }
        guard failures == 0 else {
            throw CommandFailure(message: "\(directory): \(failures) file(s) do not match \(PinLock.path(in: directory))")
        }
        Output.line("\(directory): all \(candidates.count) plugin file(s) match \(PinLock.path(in: directory))")
    }
}
