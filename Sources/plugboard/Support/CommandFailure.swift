/// A failure the command reports with a message on stderr and an exit status.
struct CommandFailure: Error {
    var message: String
    var status: Int32 = 1
}
