/// The outbound event a cancelled caller sends down its connection: the handler fails the call it names (if it is
/// still the one in flight) and closes the connection, whose state is then unknown.
struct CancelCall: Sendable {
    let call: CallCancellation
}
