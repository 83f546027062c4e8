/// Waits for a condition that another process or task will make true, checking every few milliseconds, for at
/// most `timeout`. Returns whether it became true (tests `#expect` on that). Not a fixed sleep: it returns as soon
/// as the condition holds.
public func eventually(timeout: Duration = .seconds(30), _ condition: @Sendable () async -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return await condition()
}

/// Waits for `value` to become non-nil, like ``eventually(timeout:_:)``; returns it, or nil if it never did.
public func eventuallyValue<T: Sendable>(timeout: Duration = .seconds(30), _ value: @Sendable () async -> T?) async -> T? {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if let found = await value() { return found }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return await value()
}
