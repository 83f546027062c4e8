import PlugboardProtocol

/// A request no route serves: the error to answer with, and for 405 the allowed methods.
struct RouterMiss: Error {
    let response: Router.Response
    let allow: String?
}
