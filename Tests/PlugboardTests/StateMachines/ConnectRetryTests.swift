import Glibc
import NIOCore
@testable import Plugboard
import Testing

/// When the pool connects again after a full listen queue: pure, no sockets.
@Suite("Connect retry on a full listen queue")
struct ConnectRetryTests {
    @Test("pauses double from 0.5 ms up to 50 ms, and stop when the deadline does not cover the next one")
    func pauses() {
        var retry = ConnectRetry()
        var pauses: [Duration] = []
        for _ in 0..<9 { pauses.append(retry.pause(remaining: .seconds(10))!) }
        #expect(pauses == [0.5, 1, 2, 4, 8, 16, 32, 50, 50].map { Duration.microseconds(Int64($0 * 1000)) })
        #expect(retry.failures == 9)
        #expect(retry.pause(remaining: .milliseconds(50)) == nil, "a pause as long as the time left ends the tries")
        #expect(retry.failures == 10)
    }

    @Test("only EAGAIN is a full queue: a refused or missing socket is not tried again")
    func backlogFull() {
        #expect(ConnectRetry.isBacklogFull(IOError(errnoCode: EAGAIN, reason: "connect")))
        #expect(!ConnectRetry.isBacklogFull(IOError(errnoCode: ECONNREFUSED, reason: "connect")))
        #expect(!ConnectRetry.isBacklogFull(IOError(errnoCode: ENOENT, reason: "connect")))
        #expect(!ConnectRetry.isBacklogFull(CancellationError()))
    }
}
