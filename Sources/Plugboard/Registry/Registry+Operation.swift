extension Registry {
    /// What an operation holding a name is doing, for messages.
    enum Operation: String, Sendable {
        case register = "registered"
        case attach = "attached"
        case reload = "reloaded"

        /// The verb, e.g. "attach".
        var verb: String {
            switch self {
            case .register: "register"
            case .attach: "attach"
            case .reload: "reload"
            }
        }
    }
}
