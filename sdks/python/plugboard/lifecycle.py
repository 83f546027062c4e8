"""When the plugin stops: the first stop trigger wins; the idle timeout counts requests in flight (PROTOCOL.md §11)."""
import os
import socket
import threading
import time

FIRST_REQUEST_GRACE = 5.0  # until its first request has finished, an idle plugin waits at least this long


class Lifecycle:
    """Shared by every connection thread: the stop reason, the requests in flight, the idle keep-alive connections.

    States: running (``reason`` None) → stopping (``reason`` set by the first trigger; later ones are ignored).
    """

    def __init__(self, clock=time.monotonic, on_stop=None):
        self._clock = clock
        self._on_stop = on_stop
        self._condition = threading.Condition()
        self.reason = None
        self.stopped = threading.Event()
        self._in_flight = 0
        self._last_ended = clock()
        self._served = False
        self._idle = set()

    # ---- stop triggers ------------------------------------------------------------------------------------------

    def stop(self, reason):
        """Fires the stop (``POST /shutdown``, ``signal``, ``idle timeout``, ``host closed stdin``); the first wins."""
        with self._condition:
            if self.reason is not None:
                return
            self._fire(reason)

    def _fire(self, reason):
        self.reason = reason
        self.stopped.set()
        self._condition.notify_all()
        if self._on_stop is not None:
            self._on_stop()

    @property
    def stopping(self):
        return self.reason is not None

    # ---- requests and connections -------------------------------------------------------------------------------

    def connection_idle(self, connection):
        """A keep-alive connection waits for its next request; False when the plugin is stopping (close it)."""
        with self._condition:
            if self.reason is not None:
                return False
            self._idle.add(connection)
            return True

    def request_began(self, connection):
        """A request arrived on ``connection``: it is in flight (and no longer idle) until ``request_ended``."""
        with self._condition:
            self._idle.discard(connection)
            self._in_flight += 1

    def connection_closed(self, connection):
        with self._condition:
            self._idle.discard(connection)

    def request_ended(self):
        with self._condition:
            self._in_flight -= 1
            self._last_ended, self._served = self._clock(), True
            self._condition.notify_all()

    # ---- watchers -----------------------------------------------------------------------------------------------

    def idle_remaining(self, timeout):
        """Seconds until the idle timeout fires (0 or less: now), or None while a request is in flight."""
        with self._condition:
            if self._in_flight:
                return None
            quiet = timeout if self._served else max(timeout, FIRST_REQUEST_GRACE)
            return self._last_ended + quiet - self._clock()

    def wait_for_idle(self, timeout):
        """Blocks until no request has been in flight for ``timeout`` seconds (at least FIRST_REQUEST_GRACE before
        the first request has finished), then fires the stop; returns early when another trigger stops the plugin."""
        with self._condition:
            while self.reason is None:
                remaining = self.idle_remaining(timeout)
                if remaining is not None and remaining <= 0:
                    self._fire("idle timeout")
                    return
                self._condition.wait(remaining)

    def watch_stdin(self, fd=0):
        """Reads stdin until end-of-file (or a read error), then fires the stop: the host is gone."""
        try:
            while os.read(fd, 65536):
                pass
        except OSError:
            pass
        self.stop("host closed stdin")

    # ---- the graceful stop --------------------------------------------------------------------------------------

    def close_idle_connections(self):
        """Shuts idle keep-alive connections down; their threads read end-of-file and end."""
        with self._condition:
            for connection in self._idle:
                try:
                    connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
            self._idle.clear()

    def drain(self, within):
        """Waits up to ``within`` seconds for the requests in flight to finish; True if they did."""
        deadline = self._clock() + within
        with self._condition:
            while self._in_flight > 0:
                remaining = deadline - self._clock()
                if remaining <= 0:
                    return False
                self._condition.wait(remaining)
            return True
