/// The manager's public operations in progress, so that ``PluginManager/shutdown()`` can let them finish (they
/// fail fast once it has begun) before it shuts down the event loops they may still be using.
struct Activities {
    private var running = 0
    private var idle: OneShot<Void>?

    /// Counts one operation in; call ``end()`` when it returns, however it returns.
    mutating func begin() {
        running += 1
    }

    /// Counts one operation out; the last one out fires the signal ``whenIdle()`` handed out.
    mutating func end() {
        running -= 1
        if running == 0, let idle {
            idle.succeed(())
            self.idle = nil
        }
    }

    /// A signal that fires when no operation is in progress (at once when none is).
    mutating func whenIdle() -> OneShot<Void> {
        let signal = idle ?? OneShot<Void>()
        if running == 0 {
            signal.succeed(())
        } else {
            idle = signal
        }
        return signal
    }
}
