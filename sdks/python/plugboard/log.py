"""Logs as JSON lines on stderr, which the host forwards at each line's level (docs/PROTOCOL.md §13)."""
import contextvars
import json
import os
import sys
import threading

LEVELS = ("trace", "debug", "info", "notice", "warning", "error", "critical")

#: The request this thread is handling (a ``plugboard.server.Request``), None outside a request.
current_request = contextvars.ContextVar("plugboard_request", default=None)

_write_lock = threading.Lock()


def level_from_environment():
    """The level named by PLUGBOARD_LOG_LEVEL (trace ... critical); info when unset or unknown."""
    name = os.environ.get("PLUGBOARD_LOG_LEVEL", "info").strip().lower()
    return name if name in LEVELS else "info"


class Logger:
    """Writes ``{"level", "logger", "msg", "plugin", ...}`` with sorted keys and string values, one line each.

    Inside a request that carried a ``traceparent`` header the line also carries ``traceparent``, so the host's
    trace id is in every line the handler logs.
    """

    def __init__(self, name, plugin_id=None, level=None, stream=None):
        self.name = name
        self.plugin_id = plugin_id
        self.level = level or level_from_environment()
        self._threshold = LEVELS.index(self.level)
        self._stream = stream

    def enabled(self, level):
        return LEVELS.index(level) >= self._threshold

    def log(self, level, msg, **fields):
        if not self.enabled(level):
            return
        record = {key: value if isinstance(value, str) else _text(value) for key, value in fields.items()}
        record.update(level=level, logger=self.name, msg=str(msg))
        if self.plugin_id is not None:
            record["plugin"] = self.plugin_id
        request = current_request.get()
        trace = request.traceparent if request is not None else None
        if trace is not None and "traceparent" not in record:
            record["traceparent"] = trace
        line = json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n"
        stream = self._stream or sys.stderr
        with _write_lock:
            try:
                stream.write(line)
                stream.flush()
            except (OSError, ValueError):
                pass  # stderr is gone (the host closed it): nothing to log to

    def trace(self, msg, **fields):
        self.log("trace", msg, **fields)

    def debug(self, msg, **fields):
        self.log("debug", msg, **fields)

    def info(self, msg, **fields):
        self.log("info", msg, **fields)

    def notice(self, msg, **fields):
        self.log("notice", msg, **fields)

    def warning(self, msg, **fields):
        self.log("warning", msg, **fields)

    def error(self, msg, **fields):
        self.log("error", msg, **fields)

    def critical(self, msg, **fields):
        self.log("critical", msg, **fields)


def _text(value):
    if isinstance(value, BaseException):
        return str(value) or repr(value)
    return str(value)
