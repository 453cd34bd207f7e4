"""``mark played|unplayed ID...``."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.core.library import Library


def cmd_mark(library: Library, args: argparse.Namespace) -> int:
    for episode_id in args.ids:
        library.episode(episode_id, with_notes=False)  # NotFound for a wrong id
    library.set_played(args.ids, args.state == "played")
    return 0
