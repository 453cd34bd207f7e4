"""The command line: ``podtui`` opens the app; subcommands manage the library as scripts.

:mod:`tui.cli.root` is the composition root (config, the data dir, errors, starting the
app); each subcommand group has its own module. Subcommands never import Textual, so they
start fast.
"""

from tui.cli.common import UsageError, run_async
from tui.cli.parser import build_parser
from tui.cli.root import main, run

__all__ = ["UsageError", "build_parser", "main", "run", "run_async"]
