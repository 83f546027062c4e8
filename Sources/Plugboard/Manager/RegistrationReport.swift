/// What ``PluginManager/registerPlugins(in:options:)`` did: the plugins it registered and, for each file it could
/// not use, why. One broken plugin never stops the others.
public struct RegistrationReport: Sendable {
    /// The plugins registered.
    public var registered: [PluginInfo]
    /// The plugin files that failed, with their errors.
    public var failures: [PluginError]

    /// Creates a report.
    public init(registered: [PluginInfo] = [], failures: [PluginError] = []) {
        self.registered = registered
        self.failures = failures
    }
}
