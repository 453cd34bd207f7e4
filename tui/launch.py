"""The ``podtui`` command (and ``python -m tui``): the command line, imported and run with the
garbage collector off until the command is known (see ``tui.cli.root.run``)."""

from __future__ import annotations

import gc


def run() -> None:
    gc.disable()
    from tui.cli import run as run_command  # lazy: its imports made with the collector off

    run_command()
