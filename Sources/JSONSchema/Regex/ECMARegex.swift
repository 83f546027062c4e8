/// A compiled ECMA-262 style regular expression (as JSON Schema's `pattern` and
/// `patternProperties` use), backed by the standard library's `Regex`.
///
/// The pattern is translated to Swift regex syntax (see ``ECMARegexTranslator``) and matched on
/// Unicode scalars with ASCII-only `\d`/`\w` and simple word boundaries, as in ECMAScript.
/// Matching is a search: the pattern is not implicitly anchored.
struct ECMARegex: @unchecked Sendable {
    // `Regex<AnyRegexOutput>` is an immutable value that is safe to share, but the standard
    // library does not declare `AnyRegexOutput` Sendable; hence `@unchecked`.
    private let regex: Regex<AnyRegexOutput>
    /// The original ECMA-262 pattern.
    let source: String

    init(_ pattern: String) throws(RegexSyntaxError) {
        let translated = try ECMARegexTranslator.translate(pattern)
        do {
            regex = try Regex(translated)
                .matchingSemantics(.unicodeScalar)
                .asciiOnlyDigits()
                .asciiOnlyWordCharacters()
                .wordBoundaryKind(.simple)
        } catch {
            throw RegexSyntaxError(message: "\(error)")
        }
        source = pattern
    }

    /// Whether the pattern matches anywhere in `string`.
    func matches(_ string: String) -> Bool {
        (try? regex.firstMatch(in: string)) != nil
    }
}
