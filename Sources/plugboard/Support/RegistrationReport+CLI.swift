import Plugboard

extension RegistrationReport {
    /// Runs a lookup of a registered plugin; when none is found, the error also says which plugins of the directory
    /// were skipped and why (a schema that refused the config data, a plugin that would not start), on one line.
    func explainingSkipped<T>(isolation: isolated (any Actor)? = #isolation, _ lookup: () async throws -> T) async throws -> T {
        do {
            return try await lookup()
        } catch let error as PluginError where error.code == .notFound && !failures.isEmpty {
            let skipped = failures.map(\.cliLine).joined(separator: "; ")
            throw CommandFailure(message: "\(error.cliLine); skipped \(failures.count == 1 ? "1 plugin" : "\(failures.count) plugins"): \(skipped)")
        }
    }
}
