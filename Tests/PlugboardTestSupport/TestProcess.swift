import Subprocess
import Synchronization

#if canImport(System)
import System
#else
import SystemPackage
#endif

/// Runs executables for tests: to completion with a deadline, or live, reading their stdout line by line.
public enum TestProcess {
    /// What a finished process did.
    public struct Outcome: Sendable {
        /// The exit status, or nil when a signal ended it.
        public var status: Int32?
        /// Its standard output.
        public var stdout: String
        /// Its standard error.
        public var stderr: String
    }

    /// Thrown when a process outlives its deadline (it is killed).
    public struct TimedOut: Error, CustomStringConvertible {
        public var description: String
    }

    /// Runs a command to completion (in `workingDirectory`, or this process's); kills it and throws ``TimedOut``
    /// after `timeout`.
    public static func run(
        _ path: String,
        _ arguments: [String] = [],
        environment: [String: String] = [:],
        input: String? = nil,
        workingDirectory: String? = nil,
        timeout: Duration = .seconds(60)
    ) async throws -> Outcome {
        let env = Self.environment(environment)
        let result = try await withThrowingTaskGroup(of: Outcome?.self) { group in
            group.addTask {
                // The input is written here and the writer always finished: swift-subprocess's own `.string`
                // input writes in a task it cancels when the process exits, and traps on the writer that task
                // could not finish (a command that exits before reading its stdin crashed the test run).
                let result = try await Subprocess.run(
                    .path(FilePath(path)),
                    arguments: Arguments(arguments),
                    environment: .inherit.updating(env),
                    workingDirectory: workingDirectory.map { FilePath($0) },
                    input: .inputWriter,
                    output: .sequence,
                    error: .sequence
                ) { execution in
                    async let stdout = Self.collect(execution.standardOutput)
                    async let stderr = Self.collect(execution.standardError)
                    if let input, !input.isEmpty { _ = try? await execution.standardInputWriter.write(input) }
                    try? await execution.standardInputWriter.finish()
                    return (await stdout, await stderr)
                }
                let status: Int32?
                if case .exited(let code) = result.terminationStatus { status = code } else { status = nil }
                return Outcome(status: status, stdout: result.closureResult.0, stderr: result.closureResult.1)
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            return try await group.next() ?? nil
        }
        guard let result else { throw TimedOut(description: "\(path) \(arguments.joined(separator: " ")) did not finish within \(timeout)") }
        return result
    }

    /// Everything a process writes to one of its output streams, as text.
    static func collect(_ output: SubprocessOutputSequence) async -> String {
        var bytes: [UInt8] = []
        do {
            for try await buffer in output { buffer.withUnsafeBytes { bytes.append(contentsOf: $0) } }
        } catch {}
        return String(decoding: bytes, as: UTF8.self)
    }

    static func environment(_ values: [String: String]) -> [Environment.Key: String?] {
        var env: [Environment.Key: String?] = [:]
        for (key, value) in values { env[Environment.Key(stringLiteral: key)] = value }
        return env
    }

    /// A process running under a test: its pid, its stdout lines as they come, its stderr so far, and signals.
    public final class Live: Sendable {
        public let pid: Int32
        private let lines: AsyncStream<String>
        /// The wait for the next line that a timed-out ``nextLine(timeout:)`` left running: the next call takes it
        /// over. (Cancelling a wait on an `AsyncStream` finishes the stream: every later line would be lost.)
        private let pending = Mutex<Task<String?, Never>?>(nil)
        private let sendSignal: @Sendable (Int32) -> Void
        /// What it wrote on stderr so far (at most 1 MiB is kept).
        let errorText = Mutex("")

        init(pid: Int32, lines: AsyncStream<String>, sendSignal: @escaping @Sendable (Int32) -> Void) {
            self.pid = pid
            self.lines = lines
            self.sendSignal = sendSignal
        }

        /// What the process wrote on stderr so far.
        public var stderr: String { errorText.withLock { $0 } }

        /// Waits until the process has written `text` on stderr (a log line of something another process caused),
        /// for at most `timeout`; returns whether it did.
        public func waitForStderr(containing text: String, timeout: Duration = .seconds(30)) async -> Bool {
            await eventually(timeout: timeout) { self.stderr.contains(text) }
        }

        /// The next stdout line, or nil at end of output; throws ``TimedOut`` after `timeout`. A line that comes after
        /// a timeout is not lost: the next call returns it.
        public func nextLine(timeout: Duration = .seconds(30)) async throws -> String? {
            let lines = self.lines
            let wait = pending.withLock { pending -> Task<String?, Never> in
                if let pending { return pending }
                let wait = Task<String?, Never> {
                    var iterator = lines.makeAsyncIterator()
                    return await iterator.next()
                }
                pending = wait
                return wait
            }
            let timer = Mutex<Task<Void, Never>?>(nil)
            let line: String?? = await withCheckedContinuation { (continuation: CheckedContinuation<String??, Never>) in
                let once = Mutex<CheckedContinuation<String??, Never>?>(continuation)
                let resume: @Sendable (String??) -> Void = { value in once.withLock { $0.take() }?.resume(returning: value) }
                Task { resume(.some(await wait.value)) }
                timer.withLock { $0 = Task { if (try? await Task.sleep(for: timeout)) != nil { resume(nil) } } }
            }
            timer.withLock { $0?.cancel() }
            guard let line else { throw TimedOut(description: "no stdout line within \(timeout)") }
            pending.withLock { if $0 == wait { $0 = nil } }
            return line
        }

        /// Sends a signal.
        public func signal(_ signal: Int32) { sendSignal(signal) }
    }

    /// Starts a command, runs `body` with it, then waits for it to exit (killing it if `body` throws).
    /// Returns the exit status (nil for a signal) and the collected stderr.
    public static func withLive(
        _ path: String,
        _ arguments: [String],
        environment: [String: String] = [:],
        _ body: @Sendable (Live) async throws -> Void
    ) async throws -> (status: Int32?, stderr: String) {
        let env = Self.environment(environment)
        let result = try await Subprocess.run(
            .path(FilePath(path)),
            arguments: Arguments(arguments),
            environment: .inherit.updating(env),
            input: .none,
            output: .sequence,
            error: .sequence
        ) { execution in
            let (lines, continuation) = AsyncStream.makeStream(of: String.self)
            let live = Live(pid: execution.processIdentifier.value, lines: lines) { signal in
                try? execution.send(signal: Signal(rawValue: signal))
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for try await line in execution.standardOutput.strings() {
                        continuation.yield(line.hasSuffix("\n") ? String(line.dropLast()) : line)
                    }
                    continuation.finish()
                }
                group.addTask {
                    for try await chunk in execution.standardError.strings() {
                        live.errorText.withLock { text in
                            if text.utf8.count < 1 << 20 { text += chunk }
                        }
                    }
                }
                do {
                    try await body(live)
                } catch {
                    try? execution.send(signal: .kill)
                    throw error
                }
                try await group.waitForAll()
            }
            return live.stderr
        }
        let status: Int32?
        if case .exited(let code) = result.terminationStatus { status = code } else { status = nil }
        return (status, result.closureResult)
    }
}
