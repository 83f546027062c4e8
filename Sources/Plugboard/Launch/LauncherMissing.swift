/// Why the launcher cannot be used: where it was looked for, and how to provide it.
struct LauncherMissing: Error, Sendable, Hashable {
    let message: String
}
