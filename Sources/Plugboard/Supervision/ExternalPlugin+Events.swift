import PlugboardProtocol
import Tracing

extension ExternalPlugin {
    /// Registers a handler for an event; when the plugin is running, its events stream is reopened to include the
    /// name before this returns, so an event the plugin notifies afterwards is delivered.
    func on(_ event: String, _ handler: @escaping EventHandler) async throws {
        let ready = state.withLock { state -> Instance? in
            state.handlers[event, default: []].append(handler)
            return state.machine.readyResource
        }
        if let ready { try await openEvents(at: ready.pool.location, generation: ready.generation) }
    }

    /// The event names the host listens for.
    var listenedEvents: [String] { state.withLock { $0.handlers.keys.sorted() } }

    /// Opens (or reopens, with the current names) the events stream of the ready plugin of `generation` and starts
    /// delivering from it, after any open still under way: two opens in flight together could reach the plugin in
    /// the other order, leaving it subscribed to the older names while the host holds a stream the plugin ended.
    /// The wait is bounded by the earlier open's own deadline.
    func openEvents(at location: Location, generation: Int) async throws {
        let opening = state.withLock { state -> Task<Void, any Error> in
            let previous = state.eventsOpening
            let opening = Task {
                _ = await previous?.result
                try await self.openEventsNow(at: location, generation: generation)
            }
            state.eventsOpening = opening
            return opening
        }
        try await opening.value
    }

    private func openEventsNow(at location: Location, generation: Int) async throws {
        guard let (stream, _) = try await connectEvents(at: location, timeout: settings.startupTimeout) else { return }
        // The plugin may have exited or been replaced while the stream opened: then the stream has no use.
        let (accepted, previous) = state.withLock { state -> (Bool, EventStream?) in
            guard state.machine.readyResource?.generation == generation else { return (false, nil) }
            let previous = state.events?.stream
            state.events = (generation, stream)
            return (true, previous)
        }
        previous?.close()
        guard accepted else {
            stream.close()
            return
        }
        try startDelivering(stream)
    }

    /// Connects an events stream for the names the host listens for; nil when it listens for none, or the plugin
    /// declares no events.
    func connectEvents(at location: Location, timeout: Duration) async throws -> (EventStream, names: Set<String>)? {
        let names = listenedEvents
        guard !names.isEmpty else { return nil }
        // An executable's capabilities say whether it streams events; an attached plugin's may be unknown (lazy).
        if backend.capabilitiesAreComplete, !capabilities.supports(.events) {
            logger.warning("handlers are registered for events, but the plugin does not declare the 'events' feature")
            return nil
        }
        let stream = try await EventStream.open(
            to: location, names: names, token: settings.environment["PLUGBOARD_TOKEN"], group: context.group, timeout: timeout, tls: settings.tls
        )
        return (stream, Set(names))
    }

    /// Delivers an installed stream's events, as a job of the manager's runner.
    func startDelivering(_ stream: EventStream) throws(PluginError) {
        guard context.runner.submit({ await self.deliver(stream) }) else {
            stream.close()
            throw PluginError(.notRunning, plugin: name, path: path, message: "cannot deliver events: the plugin manager is not running")
        }
    }

    /// Delivers a stream's events to the handlers, one at a time and in order. A handler that throws is logged;
    /// delivery goes on.
    private func deliver(_ stream: EventStream) async {
        defer { noticeEnd(of: stream) }
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
            // A handler runs in the trace context of the plugin's code that notified, when the host traces.
            var trace: ServiceContext?
            if let carrier = event.trace, let tracer = context.observability.tracer {
                var extracted = ServiceContext.topLevel
                tracer.extract(carrier, into: &extracted, using: DictionaryExtractor())
                trace = extracted
            }
            for handler in handlers {
                do {
                    if let trace {
                        try await ServiceContext.withValue(trace) { try await handler(event.data.bytes) }
                    } else {
                        try await handler(event.data.bytes)
                    }
                } catch {
                    logger.error("event handler failed", metadata: ["event": "\(event.name)", "error": "\(error)"])
                }
            }
        }
    }

    /// A stream that ended while it was still the current one of a ready plugin: the plugin ended it (another client
    /// subscribed, which replaces this one, or the plugin closed it). Said, not hidden: no handler runs until the
    /// stream is opened again (the next start, or the next ``on(_:_:)``). Not reopened here, so that two clients
    /// of one attached plugin do not take the stream from each other in turn.
    private func noticeEnd(of stream: EventStream) {
        let current = state.withLock { state in
            state.events?.stream === stream && state.machine.readyResource?.generation == state.events?.generation
        }
        guard current else { return }
        logger.warning("the plugin ended its events stream while running (another client may have subscribed, which replaces the host's); no event handler runs until it is opened again")
    }

    /// Closes the events stream of `generation`, if it is the one open.
    func closeEvents(generation: Int) {
        let stream = state.withLock { state -> EventStream? in
            guard let events = state.events, events.generation == generation else { return nil }
            state.events = nil
            return events.stream
        }
        stream?.close()
    }

    /// Closes the events stream, whichever start it belongs to.
    func closeAllEvents() {
        let stream = state.withLock { state -> EventStream? in
            defer { state.events = nil }
            return state.events?.stream
        }
        stream?.close()
    }
}
