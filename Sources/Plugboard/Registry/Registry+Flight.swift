extension Registry {
    /// An operation in flight: the name it holds (until it completes, or a removal or shutdown takes the name
    /// back), the plugin it made so far, and the signal its waiters and ``Registry/close()`` wait on.
    struct Flight {
        let name: String
        let operation: Operation
        /// The file or URL it works from.
        let path: String?
        /// The supervisor it made (or, for a reload, the one it replaces): whoever takes the name back shuts it down.
        var plugin: Plugin?
        /// Set when a removal or shutdown took the name back: the operation must not fill it, and fails with this.
        var cancellation: PluginError?
        /// Fired when the operation has ended, however it ended.
        let done: OneShot<Void>
    }
}
