"""Where podtui keeps its things. Nothing is created at import time."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "podtui"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The library's folder: ``--data-dir``, else ``$PODTUI_DATA_DIR``, else the user data dir."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get("PODTUI_DATA_DIR")
    if env:
        return Path(env).expanduser()
    import platformdirs  # lazy: needed only when no folder is given

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_file(override: str | os.PathLike[str] | None = None) -> Path:
    """The TOML config: ``--config``, else ``$PODTUI_CONFIG``, else the user config dir."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get("PODTUI_CONFIG")
    if env:
        return Path(env).expanduser()
    import platformdirs  # lazy: needed only when no folder is given

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "config.toml"


def database_path(root: Path) -> Path:
    return root / "library.db"


def log_path(root: Path) -> Path:
    return root / "podtui.log"


def downloads_dir(root: Path) -> Path:
    return root / "downloads"
