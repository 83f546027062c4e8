"""A plugin for the command-line tests: its activation fails when FIXTURE_FAIL_ACTIVATE is set."""
import os

import plugboard

plugin = plugboard.Plugin("fixture")


@plugin.method("echo")
def echo(data, context):
    return data


@plugin.on_activate
def activate(context):
    if os.environ.get("FIXTURE_FAIL_ACTIVATE"):
        raise RuntimeError("no database")
    context.log.info("activated")


@plugin.on_deactivate
def deactivate(context):
    context.log.info("deactivated")


if __name__ == "__main__":
    plugin.main()
