"""Events from the plugin to its host: one stream at a time, numbered in notify order (docs/PROTOCOL.md §16)."""
import collections
import threading

from . import wire
from .errors import EventError

CAPACITY = 65_536  # events queued for a slow host before notify fails


class Subscription:
    """One events stream: the names the host listens for and the lines waiting to be written to it."""

    def __init__(self, names, condition):
        self.names = frozenset(names)
        self.queue = collections.deque()
        self.ended = False
        self._condition = condition

    def next_batch(self):
        """Blocks until events are queued or the stream ends; returns the queued lines (empty once ended)."""
        with self._condition:
            while not self.queue and not self.ended:
                self._condition.wait()
            batch = list(self.queue)
            self.queue.clear()
            return batch


class EventHub:
    """Numbers events from 1 over the process's life and queues them for the current subscriber, in order."""

    def __init__(self):
        self._condition = threading.Condition()
        self._subscriber = None
        self._seq = 0
        self._closed = False
        self._writers = 0

    def subscribe(self, names):
        """Opens the host's stream, replacing (and ending) the current one. Once closed, the stream ends at once."""
        with self._condition:
            subscription = Subscription(names, self._condition)
            previous, self._subscriber = self._subscriber, (None if self._closed else subscription)
            if previous is not None:
                previous.ended = True
            if self._closed:
                subscription.ended = True
            self._condition.notify_all()
        return subscription

    def writer_started(self):
        """A connection thread began writing a stream (so a stop can wait for its terminating chunk)."""
        with self._condition:
            self._writers += 1

    def writer_finished(self):
        with self._condition:
            self._writers -= 1
            self._condition.notify_all()

    def wait_for_writers(self, within):
        """Waits up to ``within`` seconds for every stream to have written its end; True if they did."""
        with self._condition:
            return self._condition.wait_for(lambda: self._writers == 0, within)

    def unsubscribe(self, subscription):
        """Ends ``subscription`` if it is still the current one (its connection went away)."""
        with self._condition:
            if self._subscriber is subscription:
                self._subscriber = None
            subscription.ended = True
            self._condition.notify_all()

    def close(self):
        """Ends the stream for good: the plugin is stopping, and every later notify fails."""
        with self._condition:
            self._closed = True
            if self._subscriber is not None:
                self._subscriber.ended = True
                self._subscriber = None
            self._condition.notify_all()

    @property
    def listened(self):
        """The names the host listens for now, sorted."""
        with self._condition:
            return sorted(self._subscriber.names) if self._subscriber else []

    def notify(self, name, data=b"", trace=None):
        """Queues event ``name`` with ``data`` (bytes, or str as UTF-8) and returns its seq without waiting for the
        host; raises EventError at once when the host does not listen for ``name`` or has not read CAPACITY events.
        ``trace`` (a W3C carrier, ``{"traceparent": ...}``) travels with the event, so the host handles it in the
        trace of the request that notified."""
        if isinstance(data, str):
            data = data.encode("utf-8")
        payload = wire.b64encode(data)
        with self._condition:
            subscriber = self._subscriber
            if subscriber is None or name not in subscriber.names:
                listened = sorted(subscriber.names) if subscriber else []
                raise EventError(f'no host is listening for event "{name}"' + (f"; it listens for: {', '.join(listened)}" if listened else ""))
            if len(subscriber.queue) >= CAPACITY:
                raise EventError(f"the host has not read the {CAPACITY} events already queued")
            self._seq += 1
            event = {"data": payload, "name": name, "seq": self._seq}
            if trace:
                event["trace"] = trace
            subscriber.queue.append(wire.dumps(event) + b"\n")
            self._condition.notify_all()
            return self._seq
