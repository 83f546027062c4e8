/// A syntax error in a JSON document, with the byte offset where it was found.
struct JSONSyntaxError: Error {
    var offset: Int
    var message: String
}
