extension Registry {
    /// What a name holds: a registered plugin, or the reservation of an operation still in flight.
    enum Slot {
        /// A plugin is registered under the name.
        case registered(Entry)
        /// An operation holds the name while it awaits (a connection, a probe, a start); nobody else may fill it.
        case pending(Ticket)
    }
}
