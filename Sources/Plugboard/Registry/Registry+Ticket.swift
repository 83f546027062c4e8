extension Registry {
    /// The proof that an operation holds a name: only the holder of the ticket the name is pending on can fill it.
    struct Ticket: Hashable, Sendable {
        /// Unique within one registry.
        let number: Int
        /// The name it holds.
        let name: String
    }
}
