/// One member of a scanned object: where its key and value are.
struct WireMember {
    var keyStart: Int
    var keyEnd: Int
    var keyPlain: Bool
    var value: JSONSlice
}
