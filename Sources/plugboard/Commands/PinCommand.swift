import ArgumentParser
import Plugboard

/// `plugboard pin DIR`: writes the lock file of a plugin directory.
struct PinCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pin",
        abstract: "Write DIR/plugboard.lock: the SHA-256 of every plugin file in DIR.",
        discussion: """
            A host with RegistrationOptions(pinning: .lockFile) then starts only files that match it. The format is \
            sha256sum's ("HEX  NAME" per line), so `sha256sum -c plugboard.lock` in DIR checks it too. \
            Exit 0 when written, 1 when DIR or a file cannot be read or the lock cannot be written, 2 for a usage error.
            """
    )

    @Argument(help: "The plugin directory.")
    var directory: String

    func run() async throws {
        let candidates: [Discovery.Candidate]
        do {
            candidates = try Discovery.candidates(in: directory)
        } catch {
            throw CommandFailure(message: "cannot read plugin directory \(error)")
        }
        var digests: [String: String] = [:]
        for candidate in candidates {
            do {
                digests[candidate.name] = try PinLock.digest(ofFile: candidate.path)
            } catch {
                throw CommandFailure(message: "cannot read \(error); nothing written")
            }
        }
        do {
            try PinLock(digests: digests).write(directory: directory)
        } catch {
            throw CommandFailure(message: "cannot write the lock file: \(error)")
        }
        for name in digests.keys.sorted() { Output.line("\(digests[name]!)  \(name)") }
        Output.line("pinned \(digests.count) plugin(s) in \(PinLock.path(in: directory))")
    }
}
