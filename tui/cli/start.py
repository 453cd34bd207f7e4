"""Opening the app: native stderr to the log, the run.

Only ``podtui`` without a command imports this module (and with it Textual and libVLC).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from tui.core import paths
from tui.core.config import Config
from tui.player.vlc import redirect_stderr
from tui.ui.app import PodtuiApp

if TYPE_CHECKING:
    from tui.service.client import ServiceClient


def run_app(
    data_dir: Path,
    config: Config,
    *,
    vlc_options: list[str],
    service: Callable[[], ServiceClient] | None = None,
) -> int:
    """Run the app until the user quits; the exit status. With ``service``, the app plays
    through the data dir's player service (which outlives it) instead of its own player."""
    app = PodtuiApp(data_dir, config, vlc_options=vlc_options, service=service)
    # Native code (libVLC, ALSA) writing to fd 2 must not draw over the screen.
    redirect: contextlib.AbstractContextManager[object]
    try:
        redirect = redirect_stderr(paths.log_path(data_dir))
    except OSError:
        redirect = contextlib.nullcontext()
    with redirect:
        app.run()
    return app.return_code or 0
