/// The bodies the bench sends.
enum BenchPayload {
    /// 1 MiB of lower-case ASCII letters: valid UTF-8 text, so that the example processor's upper-casing does the
    /// same work on every run.
    static let mebibyte: [UInt8] = (0..<(1 << 20)).map { UInt8(ascii: "a") + UInt8($0 % 26) }

    /// The small JSON call's input text (11 bytes; about 60 bytes of request JSON).
    static let smallText = "hello world"
}
