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


_UNSET = object()


@dataclasses.dataclass
class Parameter:
    """A parameter of a transformation: Go's ``contracts.ParameterInfo``."""

    name: str
    type: str = "string"
    required: bool = False
    #: Any JSON value; left out of the listing when not given.
    default: typing.Any = _UNSET
    description: str = ""

    def to_wire(self):
        entry = {"name": self.name, "type": self.type, "required": self.required}
        if self.default is not _UNSET:
            entry["default"] = self.default
        if self.description:
            entry["description"] = self.description
        return entry


@dataclasses.dataclass
class Transformation:
    """One entry of ``GET /transformations``: Go's ``contracts.TransformationInfo``. A parameter given as a plain
    string is a string parameter that is not required."""

    name: str
    description: str = ""
    parameters: typing.List[typing.Union[Parameter, str]] = dataclasses.field(default_factory=list)

    def to_wire(self):
        entry = {"name": self.name, "description": self.description}
        if self.parameters:
            entry["parameters"] = [(Parameter(p) if isinstance(p, str) else p).to_wire() for p in self.parameters]
        return entry


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
