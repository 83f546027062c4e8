"""The errors a handler raises to choose its answer, and the decode error that names a JSON path."""


class PluginError(Exception):
    """Raised by a handler to answer with this status and message: ``{"message": ..., "statusCode": ...}``.

    >>> raise PluginError(400, "format image/png is not supported; use text/plain")
    """

    def __init__(self, status, message):
        if not isinstance(status, int) or not 400 <= status <= 599:
            raise ValueError(f"a PluginError's status must be 400-599, not {status!r}")
        super().__init__(message)
        self.status = status
        self.message = message


class DecodeError(ValueError):
    """JSON that does not have the expected shape; the message starts with the JSON path, as in ``at $.data: ...``."""

    def __init__(self, path, problem):
        super().__init__(f"at {path}: {problem}")
        self.path = path
        self.problem = problem


class EventError(Exception):
    """A notify that could not be queued for the host: nobody listens for the name, or the queue is full."""
