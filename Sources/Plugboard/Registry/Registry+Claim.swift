extension Registry {
    /// What ``Registry/reserve(_:path:for:)`` found for a name.
    enum Claim {
        /// The name is the caller's: it holds the ticket until it completes or releases it.
        case reserved(Ticket)
        /// The same file is already registered under the name: the caller's work is done, this is the result.
        case joined(Entry)
        /// Another operation holds the name: wait for it, then ask again.
        case busy(OneShot<Void>)
        /// The name belongs to another plugin, or the registry is closed.
        case refused(PluginError)
    }
}
