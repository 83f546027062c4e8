"""JSON as the protocol writes it, and decoding JSON into typed Python values with errors that name the JSON path.

Types understood by :func:`decode`: ``Any``, ``bool``, ``int``, ``float``, ``str``, ``bytes`` (a base64 string, Go's
``[]byte``), ``list[T]``/``List[T]``, ``dict[str, T]``/``Dict[str, T]``, ``Optional[T]`` and dataclasses (keys by field
name; unknown keys are ignored; a field without a default is required).
"""
import base64
import binascii
import dataclasses
import functools
import json
import typing

from .errors import DecodeError

MAX_DEPTH = 512  # nesting deeper than this is refused (docs/PROTOCOL.md §7)


def dumps(value):
    """Compact JSON with sorted keys, as the Swift side writes maps: the same value always gives the same bytes."""
    return json.dumps(encode(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def loads(data, path="$"):
    """Parses JSON text (bytes or str); raises DecodeError at ``path`` when it is not JSON or nests too deeply."""
    if isinstance(data, (bytes, bytearray)):
        try:
            data = bytes(data).decode("utf-8")
        except UnicodeDecodeError as error:
            raise DecodeError(path, f"the given data was not valid UTF-8: {error}") from None
    if _too_deep(data):
        raise DecodeError(path, f"the given data nests deeper than {MAX_DEPTH} levels")
    try:
        return json.loads(data)
    except ValueError as error:
        raise DecodeError(path, f"the given data was not valid JSON: {error}") from None
    except RecursionError:
        raise DecodeError(path, f"the given data nests deeper than {MAX_DEPTH} levels") from None


def _too_deep(text):
    """Whether brackets nest deeper than MAX_DEPTH; only looked at when the text has that many openers at all."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return False
    depth, in_string, escaped = 0, False, False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return True
        elif char in "]}":
            depth -= 1
    return False


def b64encode(data):
    """Standard base64 with padding, as Go writes a ``[]byte``."""
    return base64.b64encode(bytes(data)).decode("ascii")


def b64decode(value, path):
    """A base64 string (or null, which is empty) into bytes; anything else is a DecodeError at ``path``."""
    if value is None:
        return b""
    if not isinstance(value, str):
        raise DecodeError(path, f"expected a base64 string, got {_show(value)}")
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise DecodeError(path, f"expected a base64 string, got {_show(value)}") from None


_PLAIN = (str, int, float, bool, type(None))


def encode(value):
    """A Python value as plain JSON data: dataclasses become objects (``None`` fields omitted), bytes base64."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is dict:
        return {key if type(key) is str else str(key): item if type(item) in _PLAIN else encode(item) for key, item in value.items()}
    if kind in (list, tuple):
        return [item if type(item) in _PLAIN else encode(item) for item in value]
    if kind in (bytes, bytearray, memoryview):
        return b64encode(value)
    names = _field_names(kind)
    if names is not None:
        return {name: encode(item) for name in names if (item := getattr(value, name)) is not None}
    if isinstance(value, dict):
        return {str(key): encode(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [encode(item) for item in value]
    return value


@functools.lru_cache(maxsize=None)
def _field_names(kind):
    """A dataclass's field names, or None for any other type; looked up once per type."""
    return tuple(field.name for field in dataclasses.fields(kind)) if dataclasses.is_dataclass(kind) else None


def decode(value, kind, path="$"):
    """Checks and converts parsed JSON ``value`` into ``kind``; raises DecodeError naming the path of the problem."""
    if kind is typing.Any or kind is object or kind is None:
        return value
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin is typing.Union:
        if value is None and type(None) in args:
            return None
        others = [arg for arg in args if arg is not type(None)]
        if len(others) == 1:
            return decode(value, others[0], path)
        for other in others:
            try:
                return decode(value, other, path)
            except DecodeError:
                continue
        raise DecodeError(path, f"expected one of {', '.join(_name(o) for o in others)}, got {_show(value)}")
    if origin in (list, typing.List):
        if not isinstance(value, list):
            raise DecodeError(path, f"expected an array, got {_show(value)}")
        item = args[0] if args else typing.Any
        return [decode(element, item, f"{path}[{index}]") for index, element in enumerate(value)]
    if origin in (dict, typing.Dict):
        if not isinstance(value, dict):
            raise DecodeError(path, f"expected an object, got {_show(value)}")
        item = args[1] if len(args) == 2 else typing.Any
        return {key: decode(element, item, _key_path(path, key)) for key, element in value.items()}
    if kind is bytes:
        return b64decode(value, path)
    if kind is bool:
        if not isinstance(value, bool):
            raise DecodeError(path, f"expected a boolean, got {_show(value)}")
        return value
    if kind is int:
        if isinstance(value, bool) or not (isinstance(value, int) or (isinstance(value, float) and value.is_integer())):
            raise DecodeError(path, f"expected an integer, got {_show(value)}")
        return int(value)
    if kind is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise DecodeError(path, f"expected a number, got {_show(value)}")
        return float(value)
    if kind is str:
        if not isinstance(value, str):
            raise DecodeError(path, f"expected a string, got {_show(value)}")
        return value
    if kind in (list, dict):
        return decode(value, typing.List[typing.Any] if kind is list else typing.Dict[str, typing.Any], path)
    if dataclasses.is_dataclass(kind):
        return _decode_dataclass(value, kind, path)
    raise TypeError(f"plugboard cannot decode JSON into {kind!r}; use a dataclass, a builtin type or typing's List/Dict/Optional")


def _decode_dataclass(value, kind, path):
    if not isinstance(value, dict):
        raise DecodeError(path, f"expected an object, got {_show(value)}")
    arguments = {}
    for name, hint, has_default in _fields(kind):
        field_path = _key_path(path, name)
        if name not in value:
            if not has_default:
                raise DecodeError(field_path, f"required key '{name}' is missing")
            continue
        if value[name] is None and has_default:
            continue  # null means "not given", as Go and Swift read an optional
        arguments[name] = decode(value[name], hint, field_path)
    return kind(**arguments)


@functools.lru_cache(maxsize=None)
def _fields(kind):
    """A dataclass's init fields as (name, type, has a default), resolved once per class, not per request."""
    hints = typing.get_type_hints(kind)
    return tuple(
        (field.name, hints.get(field.name, typing.Any),
         field.default is not dataclasses.MISSING or field.default_factory is not dataclasses.MISSING)
        for field in dataclasses.fields(kind) if field.init
    )


def _key_path(path, key):
    if isinstance(key, str) and key.isidentifier():
        return f"{path}.{key}"
    return f"{path}[{json.dumps(key, ensure_ascii=False)}]"


def _name(kind):
    return getattr(kind, "__name__", repr(kind))


def _show(value):
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."
