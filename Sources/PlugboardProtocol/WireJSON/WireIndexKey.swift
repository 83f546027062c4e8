/// The coding key of an array element, or of a dictionary entry the encoder writes.
struct WireIndexKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(_ index: Int) {
        self.stringValue = "Index \(index)"
        self.intValue = index
    }
    init(stringValue: String) {
        self.stringValue = stringValue
        self.intValue = nil
    }
    init?(intValue: Int) { self.init(intValue) }
}
