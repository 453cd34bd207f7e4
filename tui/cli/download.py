"""``download ID...``: episodes for offline listening, with progress on the terminal."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.core.config import Config
    from tui.core.library import Library


def cmd_download(library: Library, args: argparse.Namespace, data_dir: Path, config: Config) -> int:
    from tui.cli.progress import download_with_progress  # lazy: rich and httpx load slowly

    return download_with_progress(library, args.ids, data_dir, config)
