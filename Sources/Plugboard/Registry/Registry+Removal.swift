extension Registry {
    /// What ``Registry/remove(_:where:)`` took out; the caller shuts down the plugin it returns.
    enum Removal {
        /// A registered plugin.
        case removed(Entry)
        /// An operation's reservation: it will fail; the plugin it had made so far, if any, is the caller's to stop.
        case cancelled(Plugin?)
        /// Nothing matched.
        case absent
    }
}
