/// Why a sandbox could not be prepared (a path that does not exist, a directory the host could not make).
struct SandboxError: Error, Sendable, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
