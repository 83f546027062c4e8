/// One step of a JSON Pointer kept while validating; rendered to text only for errors.
enum PathToken {
    case key(String)
    case index(Int)

    static func render(_ tokens: [PathToken]) -> String {
        var text = ""
        for token in tokens {
            switch token {
            case .key(let key): text += "/" + JSONPointer.escape(key)
            case .index(let index): text += "/" + String(index)
            }
        }
        return text
    }
}
