/// BoringSSL's reason codes in an error's text (`error:…:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED at
/// FILE:LINE`), without the files: what the host's and the SDK's TLS messages name as the cause.
package enum TLSReasonCodes {
    /// The distinct reason codes in `text`, in order, joined by ", "; nil when it has none.
    package static func find(in text: String) -> String? {
        var codes: [Substring] = []
        var rest = Substring(text)
        while let range = rest.firstRange(of: "OPENSSL_internal:") {
            let tail = rest[range.upperBound...]
            let code = tail.prefix { $0.isUppercase || $0.isNumber || $0 == "_" }
            if !code.isEmpty, !codes.contains(code) { codes.append(code) }
            rest = tail
        }
        return codes.isEmpty ? nil : codes.joined(separator: ", ")
    }

    /// The first sentence of `causes` whose code `text` holds, followed by the reason codes; the codes (or `text`)
    /// alone when none matches.
    package static func explain(_ text: String, causes: [(code: String, sentence: String)]) -> String {
        let reasons = find(in: text)
        for cause in causes where text.contains(cause.code) {
            return "\(cause.sentence) (\(reasons ?? cause.code))"
        }
        return reasons ?? text
    }
}
