"""The two contracts that ship with Plugboard, byte-compatible with the Go framework's (docs/PROTOCOL.md §14)."""
import dataclasses
import typing


@dataclasses.dataclass
class ProcessRequest:
    """``POST /process``: the input bytes (base64 on the wire) and their MIME type (``""`` when absent)."""

    data: bytes
    format: str = ""


@dataclasses.dataclass
class ProcessResponse:
    """The output bytes, their MIME type, and free-form metadata whose values must be strings."""

    data: bytes
    format: typing.Optional[str] = None
    metadata: typing.Optional[typing.Dict[str, str]] = None


@dataclasses.dataclass
class TransformRequest:
    """``POST /transform``: the input bytes, the transformation's name and its parameters."""

    data: bytes
    transformation: str
    parameters: typing.Dict[str, str] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass
class TransformResponse:
    """The transformed bytes and free-form string metadata."""

    data: bytes
    metadata: typing.Optional[typing.Dict[str, str]] = None


@dataclasses.dataclass
class Transformation:
    """One entry of ``GET /transformations``: its name, what it does, and the parameters it reads."""

    name: str
    description: str
    parameters: typing.List[str] = dataclasses.field(default_factory=list)


#: The input schema the Swift example declares for ``dataProcessor`` types.
PROCESS_REQUEST_SCHEMA = {
    "type": "object",
    "required": ["data"],
    "properties": {"data": {"type": "string", "contentEncoding": "base64"}, "format": {"type": "string"}},
}

#: The input schema for ``transformer`` types.
TRANSFORM_REQUEST_SCHEMA = {
    "type": "object",
    "required": ["data", "transformation"],
    "properties": {
        "data": {"type": "string", "contentEncoding": "base64"},
        "transformation": {"type": "string"},
        "parameters": {"type": "object", "additionalProperties": {"type": "string"}},
    },
}


def check_metadata(metadata, where):
    """Metadata must map strings to strings: a host cannot decode anything else."""
    for key, value in (metadata or {}).items():
        if not isinstance(key, str) or not isinstance(value, str):
            raise TypeError(f"{where}: metadata values must be strings, got {key!r}: {value!r}")
