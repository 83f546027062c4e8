#!/usr/bin/env python3
"""py-text-tools: GoPlug's model on the Plugboard Python SDK: named methods (raw bytes and typed JSON), events sent
to the host, activation hooks. Registered as `examples/py-text-tools`.
"""
import dataclasses
from typing import Optional

import plugboard

plugin = plugboard.Plugin("py-text-tools", namespace="examples")
plugin.emits("progress")


@dataclasses.dataclass
class CountInput:
    text: str


@dataclasses.dataclass
class AnnounceInput:
    count: int
    event: Optional[str] = None


@plugin.method("reverse", description="reverses the UTF-8 text it is given")
def reverse(data, context):
    return data.decode("utf-8", errors="replace")[::-1]


@plugin.method(
    "count-words",
    description="counts words and characters",
    input_schema={"type": "object", "required": ["text"], "properties": {"text": {"type": "string"}}, "additionalProperties": False},
    output_schema={"type": "object", "properties": {"words": {"type": "integer"}, "characters": {"type": "integer"}}},
    input=CountInput,
)
def count_words(value, context):
    return {"words": len(value.text.split()), "characters": len(value.text)}


@plugin.method(
    "announce",
    description="sends `count` events named `event` (default progress) to the host, then returns how many it sent",
    input_schema={"type": "object", "required": ["count"],
                  "properties": {"count": {"type": "integer", "minimum": 0, "maximum": 1000000}, "event": {"type": "string"}}},
    input=AnnounceInput,
)
def announce(value, context):
    name = value.event or "progress"
    for index in range(1, value.count + 1):
        context.notify(name, f"{index}/{value.count}")
    context.log.info("announced", count=value.count, event=name)
    return {"sent": value.count}


@plugin.method("listened-events", description="the events the host listens for")
def listened_events(data, context):
    return ",".join(context.listened_events)


@plugin.method("trace", description="the W3C traceparent of this call, empty when the host sent none")
def trace(data, context):
    context.log.info("traced call")
    return context.traceparent or ""


@plugin.on_activate
def activated(context):
    context.log.info("activated")


@plugin.on_deactivate
def deactivated(context):
    context.log.info("deactivated")


if __name__ == "__main__":
    plugin.main()
