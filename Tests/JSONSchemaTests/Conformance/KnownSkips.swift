/// Suite tests that are deliberately not run, each with the reason. All are in
/// `optional/format` (format assertion is optional in the specification); no required test is skipped. The entries
/// are written for draft2020-12 and hold for draft7's copies of the same format files too.
enum KnownSkips {
    struct Entry {
        let draft: String
        let file: String
        let testCase: String
        let tests: [String]
        let reason: String
    }

    /// IDNA 2008 rules that need the RFC 5892 code point tables and contextual rules.
    private static let idnaContextualTests = [
        "contains illegal char U+302E Hangul single dot tone mark",
        "Exceptions that are DISALLOWED, right-to-left chars",
        "Exceptions that are DISALLOWED, left-to-right chars",
        "MIDDLE DOT with no preceding 'l'",
        "MIDDLE DOT with nothing preceding",
        "MIDDLE DOT with no following 'l'",
        "MIDDLE DOT with nothing following",
        "Greek KERAIA not followed by Greek",
        "Greek KERAIA not followed by anything",
        "Hebrew GERESH not preceded by Hebrew",
        "Hebrew GERESH not preceded by anything",
        "Hebrew GERSHAYIM not preceded by Hebrew",
        "Hebrew GERSHAYIM not preceded by anything",
        "KATAKANA MIDDLE DOT with no Hiragana, Katakana, or Han",
        "KATAKANA MIDDLE DOT with no other characters",
        "Arabic-Indic digits mixed with Extended Arabic-Indic digits",
        "ZERO WIDTH JOINER not preceded by Virama",
        "ZERO WIDTH JOINER not preceded by anything",
    ]
    private static let idnaReason = "IDNA 2008 code point tables and RFC 5892 contextual rules are not implemented"

    static let entries: [Entry] = [
        Entry(
            draft: "draft2020-12", file: "optional/format/ecmascript-regex.json",
            testCase: "ECMA 262 lookbehind is valid, including variable width",
            tests: ["a variable-width lookbehind (ES2018)"],
            reason: "Swift's Regex engine rejects variable-width lookbehind"),
        Entry(
            draft: "draft2020-12", file: "optional/format/hostname.json",
            testCase: "validation of A-label (punycode) host names",
            tests: idnaContextualTests, reason: idnaReason),
        Entry(
            draft: "draft2020-12", file: "optional/format/idn-hostname.json",
            testCase: "validation of internationalized host names",
            tests: idnaContextualTests + [
                "Exceptions that are PVALID, left-to-right chars",
                "Exceptions that are PVALID, right-to-left chars",
                "zero width non-joiner must pass at every occurrence",
            ],
            reason: idnaReason),
        Entry(
            draft: "draft2020-12", file: "optional/format/idn-hostname.json",
            testCase: "validation of internationalized host names",
            tests: [
                "Bidi domain name with a digit-first label is invalid",
                "label starting with a digit before a right-to-left letter is invalid",
                "left-to-right label containing a right-to-left letter is invalid",
                "right-to-left label mixing both digit types is invalid",
                "A-label that decodes to a Bidi rule violation is invalid",
            ],
            reason: "the RFC 5893 Bidi rule is not implemented"),
        Entry(
            draft: "draft2020-12", file: "optional/format/idn-hostname.json",
            testCase: "validation of internationalized host names",
            tests: [
                "A-label that decodes to a disallowed code point is invalid",
                "a U-label whose A-label form is longer than 63 octets is invalid",
                "non-canonical Punycode that does not re-encode to itself is invalid",
            ],
            reason: "Punycode encoding (A-label length and round-trip checks) and IDNA disallowed code points are not implemented"),
    ]

    static func reason(draft: String, file: String, testCase: String, test: String) -> String? {
        entries.first { ($0.draft == draft || draft == "draft7") && $0.file == file && $0.testCase == testCase && $0.tests.contains(test) }?.reason
    }
}
