extension PluginManager {
    /// What trying to register one probed plugin file did.
    enum Addition {
        /// It is registered now; `start` when it is not lazy.
        case added(ExternalPlugin, start: Bool)
        /// The same file is registered under its name already.
        case joined
        /// An operation in flight holds its name: wait for it, then try again.
        case busy(OneShot<Void>)
        /// It cannot be registered.
        case refused(PluginError)
    }
}
