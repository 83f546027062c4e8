import PlugboardProtocol

extension ExternalPlugin {
    /// Registers a handler for an event; when the plugin is running, its events stream is reopened to include the
    /// name before this returns, so an event the plugin notifies afterwards is delivered.
    func on(_ event: String, _ handler: @escaping EventHandler) async throws {
        let location = state.withLock { state -> Location? in
            state.handlers[event, default: []].append(handler)
            return state.phase == .ready ? state.location : nil
        }
        if let location { try await openEvents(at: location) }
    }

    /// The event names the host listens for.
    var listenedEvents: [String] { state.withLock { $0.handlers.keys.sorted() } }

    /// Opens (or reopens, with the current names) the events stream and starts delivering from it.
    func openEvents(at location: Location) async throws {
        let names = listenedEvents
        guard !names.isEmpty else { return }
        // An executable's capabilities say whether it streams events; an attached plugin's may be unknown (lazy).
        if case .executable = origin, !capabilities.supports(.events) {
            logger.warning("handlers are registered for events, but the plugin does not declare the 'events' feature")
            return
        }
        let stream = try await EventStream.open(
            to: location, names: names, token: settings.environment["PLUGBOARD_TOKEN"], group: context.group, timeout: settings.startupTimeout
        )
        let previous = state.withLock { state -> EventStream? in
            let previous = state.events
            state.events = stream
            return previous
        }
        previous?.close()
        guard context.runner.submit({ await self.deliver(stream) }) else {
            stream.close()
            throw PluginError(.notRunning, plugin: name, path: path, message: "cannot deliver events: the plugin manager is not running")
        }
    }

    /// Delivers a stream's events to the handlers, one at a time and in order. A handler that throws is logged;
    /// delivery goes on.
    private func deliver(_ stream: EventStream) async {
        // Sequence numbers run on across a plugin's streams: the first event of this stream sets the start.
        var expected: UInt64?
        for await line in stream.lines {
            defer { stream.delivered() }
            guard !line.isEmpty else { continue }
            let event: EventMessage
            do {
                event = try WireJSON.decode(EventMessage.self, from: line)
            } catch {
                logger.warning("the plugin sent an event line that is not an event", metadata: ["error": "\(WireJSON.describe(error))"])
                continue
            }
            if let expected, event.seq != expected {
                logger.warning("events out of sequence", metadata: ["expected": "\(expected)", "got": "\(event.seq)"])
            }
            expected = event.seq + 1
            let handlers = state.withLock { $0.handlers[event.name] ?? [] }
            for handler in handlers {
                do {
                    try await handler(event.data.bytes)
                } catch {
                    logger.error("event handler failed", metadata: ["event": "\(event.name)", "error": "\(error)"])
                }
            }
        }
    }

    /// Closes the events stream, if open.
    func closeEvents() {
        let stream = state.withLock { state -> EventStream? in
            defer { state.events = nil }
            return state.events
        }
        stream?.close()
    }
}
