"""``doctor``: check libVLC, the audio output, the data dir, the config, the player
service and the D-Bus session bus."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from tui.core.text import clean_line
from tui.service.doctor import bus_row, service_row

if TYPE_CHECKING:
    from tui.core.config import Config


def cmd_doctor(
    args: argparse.Namespace,
    data_dir: Path,
    config_path: Path,
    config: Config,
    config_error: str | None,
) -> int:
    from tui.player.doctor import doctor_report  # lazy: libVLC, for this command alone

    options = config.player_options(args.vlc_option, args.audio_output)
    rows = doctor_report(data_dir, config_path, options, config=config, config_error=config_error)
    rows += [service_row(data_dir), bus_row()]
    width = max(len(check) for check, _, _ in rows)
    for check, detail, ok in rows:
        mark = "   " if ok is None else "ok " if ok else "NO "
        print(f"{mark} {check:<{width}}  {clean_line(detail)}")
    return 0 if all(ok is not False for _, _, ok in rows) else 1
