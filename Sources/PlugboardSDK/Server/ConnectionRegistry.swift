import NIOConcurrencyHelpers
import NIOCore

/// The server's open connections, whether each is busy with a request, and the drain at stop: idle connections
/// close at once, busy ones when their response is out, and ``stopAndWait()`` returns when none is left.
final class ConnectionRegistry: Sendable {
    private struct State {
        var channels: [ObjectIdentifier: (channel: any Channel, busy: Bool)] = [:]
        var stopping = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = NIOLockedValueBox(State())

    /// Records a new connection; false when the server is stopping (the caller closes it).
    func opened(_ channel: any Channel) -> Bool {
        state.withLockedValue { state in
            guard !state.stopping else { return false }
            state.channels[ObjectIdentifier(channel)] = (channel, false)
            return true
        }
    }

    /// Marks a connection busy (a request arrived) or idle (its response is out). Returns whether the server is
    /// stopping, in which case an idle connection should close.
    @discardableResult
    func mark(_ channel: any Channel, busy: Bool) -> Bool {
        state.withLockedValue { state in
            state.channels[ObjectIdentifier(channel)]?.busy = busy
            return state.stopping
        }
    }

    /// Forgets a closed connection, waking the drain when it was the last.
    func closed(_ channel: any Channel) {
        let waiters = state.withLockedValue { state -> [CheckedContinuation<Void, Never>] in
            state.channels.removeValue(forKey: ObjectIdentifier(channel))
            guard state.stopping, state.channels.isEmpty else { return [] }
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Stops taking connections, closes the idle ones and waits until every connection has closed. Cancelled, it
    /// closes the busy ones too and returns.
    func stopAndWait() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let (idle, done) = state.withLockedValue { state -> ([any Channel], Bool) in
                    state.stopping = true
                    if state.channels.isEmpty { return ([], true) }
                    state.waiters.append(continuation)
                    return (state.channels.values.filter { !$0.busy }.map(\.channel), false)
                }
                for channel in idle { channel.close(promise: nil) }
                if done { continuation.resume() }
            }
        } onCancel: {
            let (all, waiters) = state.withLockedValue { state -> ([any Channel], [CheckedContinuation<Void, Never>]) in
                state.stopping = true
                defer { state.waiters = [] }
                return (state.channels.values.map(\.channel), state.waiters)
            }
            for channel in all { channel.close(promise: nil) }
            for waiter in waiters { waiter.resume() }
        }
    }
}
