extension Result where Success == Launcher, Failure == LauncherMissing {
    /// The launcher, or a ``PluginError`` with `code` saying that `plugin` cannot `what` without it.
    func launcher(_ code: PluginError.Code, plugin: String, path: String, cannot what: String) throws(PluginError) -> Launcher {
        switch self {
        case .success(let launcher): return launcher
        case .failure(let missing): throw PluginError(code, plugin: plugin, path: path, message: "cannot \(what): \(missing.message)")
        }
    }
}
