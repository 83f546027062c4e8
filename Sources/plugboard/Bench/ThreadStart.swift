/// The closure a ``PosixThread`` runs, passed through `pthread_create`'s context pointer (a C function pointer
/// cannot capture, and cannot mention a generic parameter, so this box is not generic).
final class ThreadStart: Sendable {
    let body: @Sendable () -> Void

    init(_ body: @escaping @Sendable () -> Void) {
        self.body = body
    }
}
