/// Why a regular expression could not be compiled.
struct RegexSyntaxError: Error, Sendable {
    let message: String
}
