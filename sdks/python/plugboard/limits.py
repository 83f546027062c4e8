"""The protocol's limits on what a plugin accepts (docs/PROTOCOL.md §7)."""

MAX_BODY = 16 << 20  # request bodies up to 16 MiB; a larger one is read, dropped and answered with 413
