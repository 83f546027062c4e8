"""The SDK's own tests: `python3 -m unittest discover -s tests -t .` in sdks/python (docs/PYTHON.md)."""
import os

# Plugins served inside the test process log to its stderr; the tests that check log lines read a process's stderr.
os.environ.setdefault("PLUGBOARD_LOG_LEVEL", "critical")
