extension Registry {
    /// What ``Registry/takeOver(_:serial:for:)`` found for a name.
    enum Takeover {
        /// The caller holds the name and owns the entry it took out (whose plugin it must shut down).
        case taken(Ticket, Entry)
        /// Another operation holds the name: wait for it, then ask again.
        case busy(OneShot<Void>)
        /// Nothing (or another registration than the one asked for) is registered under the name.
        case absent
        /// The registry is closed, or the plugin cannot be taken over (an internal one).
        case refused(PluginError)
    }
}
