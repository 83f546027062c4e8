"""The config document the host starts a plugin with (docs/PROTOCOL.md §4)."""
import dataclasses
import re
import typing

from . import wire
from .errors import DecodeError

_UNITS = {"ns": 1, "us": 1e3, "µs": 1e3, "μs": 1e3, "ms": 1e6, "s": 1e9, "m": 60e9, "h": 3600e9}
_PART = re.compile(r"([0-9]*\.?[0-9]*)([^0-9.]*)")


@dataclasses.dataclass(frozen=True)
class PluginConfig:
    """What the host sent: the instance id, the transport, the idle timeout, typed config data and the v2 fields."""

    id: str
    type: str = "unix"
    #: Seconds without requests before the plugin stops; None: never.
    idle_timeout: typing.Optional[float] = None
    #: Config data by config type: the raw bytes the host sent (its JSON text).
    data: typing.Dict[str, bytes] = dataclasses.field(default_factory=dict)
    socket_directory: typing.Optional[str] = None
    parent_watch: bool = False

    @staticmethod
    def parse(text):
        """Parses the config's JSON text; raises DecodeError naming the JSON path of the first problem."""
        if not text.strip():
            raise DecodeError("$", "the config is empty")
        document = wire.loads(text)
        if not isinstance(document, dict):
            raise DecodeError("$", "expected a JSON object")
        if document.get("id") is None:
            raise DecodeError("$.id", "required key 'id' is missing")
        identifier = wire.decode(document["id"], str, "$.id")
        transport = wire.decode(document.get("type") or "unix", str, "$.type")
        if transport not in ("unix", "tcp"):
            raise DecodeError("$.type", f'"{transport}" is neither "unix" nor "tcp"')
        idle = duration(document.get("idleTimeout"), "$.idleTimeout")
        data = {}
        for index, item in enumerate(wire.decode(document.get("configTypes") or [], list, "$.configTypes")):
            path = f"$.configTypes[{index}]"
            if not isinstance(item, dict):
                raise DecodeError(path, f"expected an object, got {wire._show(item)}")
            if item.get("type") is None:
                raise DecodeError(path + ".type", "required key 'type' is missing")
            name = wire.decode(item["type"], str, path + ".type")
            raw = item.get("data")
            # Go's []byte is a base64 string; an inline JSON value is accepted too and kept as its text.
            data[name] = wire.b64decode(raw, path + ".data") if raw is None or isinstance(raw, str) else wire.dumps(raw)
        directory = document.get("socketDirectory")
        return PluginConfig(
            id=identifier,
            type=transport,
            idle_timeout=idle if idle is not None and idle > 0 else None,
            data=data,
            socket_directory=None if directory is None else wire.decode(directory, str, "$.socketDirectory"),
            parent_watch=bool(wire.decode(document.get("parentWatch") or False, bool, "$.parentWatch")),
        )


def duration(value, path):
    """Integer nanoseconds or a Go duration string ("5m", "1h30m", "250ms", "-2s", "0") in seconds; None stays None."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise DecodeError(path, 'expected a duration: integer nanoseconds or a string such as "5m"')
    if isinstance(value, int):
        return value / 1e9
    sign, text = (-1, value[1:]) if value.startswith("-") else (1, value[1:] if value.startswith("+") else value)
    if text == "0":
        return 0.0
    total, position = 0.0, 0
    while position < len(text):
        match = _PART.match(text, position)
        number, unit = match.group(1), match.group(2)
        if not number or number == "." or not match.group(0):
            raise DecodeError(path, f'invalid duration "{value}"')
        if unit not in _UNITS:
            raise DecodeError(path, f'invalid duration "{value}": ' + (f'unknown unit "{unit}"' if unit else "missing unit"))
        total += float(number) * _UNITS[unit]
        position = match.end()
    if not text:
        raise DecodeError(path, f'invalid duration "{value}"')
    return sign * total / 1e9
