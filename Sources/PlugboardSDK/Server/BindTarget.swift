/// Where the server listens.
enum BindTarget: Sendable {
    case unix(path: String)
    case tcp
}
