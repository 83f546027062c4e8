/// What this process holds that a test could leak: its open file descriptors and its child processes.
///
/// Take a ``baseline()`` before the code under test, and compare ``current()`` with it afterwards through
/// ``added(since:)``. The comparison covers the whole process, so it is only exact in a process where nothing else
/// runs, such as `fault-host` (Tests/Fixtures/fault-host), not the test process, where swift-testing runs other
/// tests concurrently. Nor an exit test (`#expect(processExitsWith:)`): on Linux each one holds a thread of the
/// small cooperative pool while it runs, and its process inherits the test process's descriptors that lack
/// close-on-exec, other tests' sockets among them, and keeps them open.
public struct ProcessFootprint: Sendable, Hashable, CustomStringConvertible {
    /// The open file descriptors.
    public var descriptors: [OpenFileDescriptor]
    /// The child processes, zombies included.
    public var children: [ChildProcess]

    /// Creates a footprint.
    public init(descriptors: [OpenFileDescriptor], children: [ChildProcess]) {
        self.descriptors = descriptors
        self.children = children
    }

    /// This process's footprint now.
    public static func current() -> ProcessFootprint {
        ProcessFootprint(descriptors: OpenFileDescriptor.current(), children: ChildProcess.current())
    }

    /// This process's footprint before a test, once the descriptors that live as long as the process are open.
    ///
    /// Some are opened on first use and kept until the process exits: Swift Subprocess's epoll and eventfd pairs
    /// (for its process monitor and for its I/O) the first time it runs anything, and a timer descriptor per clock
    /// the first time a task sleeps on it. So this runs `/bin/true` and sleeps a millisecond on both clocks first:
    /// they are then part of the baseline, not a leak of the test.
    public static func baseline() async throws -> ProcessFootprint {
        _ = try await TestProcess.run("/bin/true", timeout: .seconds(30))
        try await Task.sleep(for: .milliseconds(1), clock: .continuous)
        try await Task.sleep(for: .milliseconds(1), clock: .suspending)
        return current()
    }

    /// What is in this footprint and not in `baseline`: descriptors by number and target, children by pid.
    public func added(since baseline: ProcessFootprint) -> ProcessFootprint {
        let descriptorsBefore = Set(baseline.descriptors)
        let pidsBefore = Set(baseline.children.map(\.pid))
        return ProcessFootprint(
            descriptors: descriptors.filter { !descriptorsBefore.contains($0) },
            children: children.filter { !pidsBefore.contains($0.pid) }
        )
    }

    /// Whether it holds no descriptor and no child.
    public var isEmpty: Bool { descriptors.isEmpty && children.isEmpty }

    public var description: String {
        let parts = descriptors.map(\.description) + children.map(\.description)
        return parts.isEmpty ? "nothing" : parts.joined(separator: "; ")
    }
}
