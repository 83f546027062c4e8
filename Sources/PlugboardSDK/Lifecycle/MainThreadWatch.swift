import CPlugboardShims
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What ``PluginMain``'s main thread, otherwise idle, watches while the plugin serves on its event loop, with one
/// `poll`: the signal pipe (SIGTERM and SIGINT, see ``SignalWatch``), and stdin once the config asks for the parent
/// watch (end-of-file: the host is gone, see ``ParentWatch``).
///
/// Watching stdin here rather than through a pipe channel keeps NIO's pipe-channel set-up (1.9 M instructions of
/// first-time generic metadata) off the event loop, where it ran right after the location line, in front of the
/// host's first request (docs/PERFORMANCE.md).
final class MainThreadWatch: Sendable {
    /// Fired on a signal or, when watched, at the end of stdin.
    let stop: StopTrigger
    private let signals: Int32
    private let watchesInput = Atomic<Bool>(false)

    /// Takes ownership of `signals`, a descriptor of the signal pipe's read end (``SignalWatch/trap()``).
    init(signals: Int32, stop: StopTrigger) {
        (self.signals, self.stop) = (signals, stop)
    }

    /// Starts watching stdin for end-of-file (the host's death). Call once stdin has been checked to be a pipe or
    /// a socket, after the config was read from it.
    func watchInput() {
        guard !watchesInput.exchange(true, ordering: .acquiringAndReleasing) else { return }
        // A 0 byte on the signal pipe (no signal has that number) wakes the poll to add stdin.
        _ = plugboard_signal_pipe_wake()
    }

    /// Blocks the calling thread, firing ``stop`` when a trapped signal arrives or watched stdin ends; later
    /// signals are read and ignored (the stop is under way). Returns only if `poll` or the signal pipe fails.
    func run() {
        var input = false
        var buffer = [UInt8](repeating: 0, count: 512)
        while true {
            var descriptors = [pollfd(fd: signals, events: Int16(POLLIN), revents: 0)]
            if input { descriptors.append(pollfd(fd: 0, events: Int16(POLLIN), revents: 0)) }
            if poll(&descriptors, nfds_t(descriptors.count), -1) < 0 {
                if errno == EINTR { continue }
                return
            }
            if descriptors[0].revents != 0 {
                let count = read(signals, &buffer, 1)
                if count == 1 {
                    if buffer[0] != 0 { stop.fire(.signal) }
                    input = input || watchesInput.load(ordering: .acquiring)
                } else if count == 0 || errno != EINTR {
                    return
                }
            }
            if descriptors.count == 2, descriptors[1].revents != 0 {
                let count = read(0, &buffer, buffer.count)
                if count == 0 || (count < 0 && errno != EINTR && errno != EAGAIN) {
                    // End of input, or a read error: nobody holds stdin for us any more.
                    input = false
                    stop.fire(.hostGone)
                }
            }
        }
    }
}
