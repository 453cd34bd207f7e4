import gc

gc.disable()  # until the command is known: see tui.cli.root.run
from tui.cli import run  # noqa: E402

run()
