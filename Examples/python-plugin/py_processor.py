#!/usr/bin/env python3
"""py-processor: the `dataProcessor` contract, type `word-count`, on the Plugboard Python SDK.

`POST /process` returns the text transformed (title-cased unless the `word-count-settings` config says otherwise)
with its word, line and character counts in `metadata`; `GET /formats` lists the formats it accepts.
"""
import dataclasses

import plugboard
from plugboard import PluginError, ProcessResponse

TRANSFORMS = {
    "title": str.title,
    "upper": str.upper,
    "reverse-words": lambda text: " ".join(reversed(text.split())),
    "none": lambda text: text,
}


@dataclasses.dataclass
class Settings:
    transform: str = "title"

    def __post_init__(self):
        if self.transform not in TRANSFORMS:
            raise ValueError(f"transform must be one of {', '.join(TRANSFORMS)}, not {self.transform!r}")


plugin = plugboard.Plugin("py-processor")
plugin.config_type(
    "word-count-settings",
    schema={"type": "object", "properties": {"transform": {"enum": list(TRANSFORMS)}}, "additionalProperties": False},
    kind=Settings,
)


@plugin.data_processor("word-count", formats=["text/plain", "text/markdown"])
def count_words(request, context):
    if request.format and not request.format.startswith("text/"):
        raise PluginError(400, f"format {request.format} is not supported; use text/plain")
    settings = context.config_value("word-count-settings") or Settings()
    text = request.data.decode("utf-8", errors="replace")
    context.log.debug("processing", characters=len(text), transform=settings.transform)
    metadata = {
        "processed_by": plugin.name,
        "transform": settings.transform,
        "words": str(len(text.split())),
        "lines": str(len(text.splitlines())),
        "characters": str(len(text)),
    }
    output = TRANSFORMS[settings.transform](text)
    return ProcessResponse(data=output.encode(), format=request.format or "text/plain", metadata=metadata)


if __name__ == "__main__":
    plugin.main()
