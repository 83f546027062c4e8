/// `plugboard check --json`: the plugin, whether it passed (under `--strict`, warnings fail it), and every step.
struct CheckReport: Encodable {
    var plugin: String
    var passed: Bool
    var strict: Bool
    var warnings: Int
    var steps: [CheckStep]
}
