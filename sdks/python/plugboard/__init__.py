"""Plugboard plugins in Python: declare handlers, the SDK speaks the protocol (docs/PROTOCOL.md, v1 and v2).

    import plugboard

    plugin = plugboard.Plugin("greeter")

    @plugin.method("greet", input_schema={"type": "object", "required": ["name"]})
    def greet(value, context):
        return {"greeting": "hello " + value["name"]}

    if __name__ == "__main__":
        plugin.main()

Standard library only, Python 3.9 or later. See docs/PYTHON.md.
"""
from .config import PluginConfig
from .contracts import (
    Parameter,
    ProcessRequest,
    ProcessResponse,
    Transformation,
    TransformRequest,
    TransformResponse,
)
from .errors import DecodeError, EventError, PluginError
from .plugin import Context, Plugin

__all__ = [
    "Context",
    "DecodeError",
    "EventError",
    "Parameter",
    "Plugin",
    "PluginConfig",
    "PluginError",
    "ProcessRequest",
    "ProcessResponse",
    "TransformRequest",
    "TransformResponse",
    "Transformation",
]
__version__ = "0.1.0"
