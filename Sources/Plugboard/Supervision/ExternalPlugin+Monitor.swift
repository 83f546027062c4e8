extension ExternalPlugin {
    /// Health-checks an attached plugin every `interval` until it is shut down or removed; after three failed checks
    /// in a row (each allowed at least 2 s, so a busy machine is not taken for a dead plugin), calls `gone`.
    func monitor(every interval: Duration, gone: @escaping @Sendable (String) async -> Void) async {
        var failures = 0
        while true {
            // Wait one interval, or less if the plugin is shut down meanwhile.
            if (try? await withDeadline(interval, { try await self.finished.wait() })) != nil { return }
            let pool = state.withLock { $0.machine.readyResource?.pool }
            guard let pool else { continue }
            if let response = try? await pool.send(.get, "/healthz", body: [], deadline: .now + max(interval, .seconds(2))), response.status == 200 {
                failures = 0
                state.withLock { $0.lastHealth = .now }
                continue
            }
            failures += 1
            if failures >= 3 {
                state.withLock { $0.lastError = "stopped answering /healthz" }
                await gone("stopped answering /healthz")
                return
            }
        }
    }
}
