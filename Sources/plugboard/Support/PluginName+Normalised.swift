import PlugboardProtocol

extension PluginName {
    /// `name` or `namespace/name`, validated, in the registry's form; the text as given when it does not parse
    /// (the lookup then says it is not registered).
    static func normalised(_ text: String) -> String {
        (try? PluginName(parsing: text).description) ?? text
    }
}
