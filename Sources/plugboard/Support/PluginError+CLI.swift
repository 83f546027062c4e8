import Plugboard

extension PluginError {
    /// The one line the command line prints for this error (after its `plugboard: ` prefix): the plugin and its file
    /// when the error concerns one, the path alone otherwise, then the message, its lines joined.
    var cliLine: String {
        let subject = plugin.isEmpty ? path.map { "\($0): " } ?? "" : "plugin \"\(plugin)\"" + (path.map { " (\($0))" } ?? "") + ": "
        return subject + message.oneLine
    }
}

extension String {
    /// The text on one line: its non-blank lines, trimmed and without a leading `- ` bullet, joined by `; ` (by a
    /// space after a line that ends with `:`), e.g. `schema: /a: expected string; /b: required`.
    var oneLine: String {
        var result = ""
        for line in split(whereSeparator: \.isNewline) {
            var text = Substring(line.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
            if text.hasPrefix("- ") { text = text.dropFirst(2) }
            guard !text.isEmpty else { continue }
            if !result.isEmpty { result += result.hasSuffix(":") ? " " : "; " }
            result += text
        }
        return result
    }
}
