"""Where podtui keeps its things. Nothing is created at import time."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "podtui"


def _xdg(variable: str, default: str) -> Path | None:
    """The XDG base directory platformdirs gives on Linux and the BSDs, found without
    importing it (~8 ms at every command); None elsewhere (macOS, Windows, Android), where
    platformdirs decides."""
    if sys.platform in ("win32", "darwin") or (
        os.environ.get("ANDROID_DATA") == "/data" and os.environ.get("ANDROID_ROOT") == "/system"
    ):
        return None
    value = os.environ.get(variable, "")
    return Path(value if value.strip() else os.path.expanduser(default)) / APP_NAME


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The library's folder: ``--data-dir``, else ``$PODTUI_DATA_DIR``, else the user data dir."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get("PODTUI_DATA_DIR")
    if env:
        return Path(env).expanduser()
    found = _xdg("XDG_DATA_HOME", "~/.local/share")
    if found is not None:
        return found
    import platformdirs  # lazy: only on systems without XDG directories

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_file(override: str | os.PathLike[str] | None = None) -> Path:
    """The TOML config: ``--config``, else ``$PODTUI_CONFIG``, else the user config dir."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get("PODTUI_CONFIG")
    if env:
        return Path(env).expanduser()
    found = _xdg("XDG_CONFIG_HOME", "~/.config")
    if found is not None:
        return found / "config.toml"
    import platformdirs  # lazy: only on systems without XDG directories

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "config.toml"


def database_path(root: Path) -> Path:
    return root / "library.db"


def log_path(root: Path) -> Path:
    return root / "podtui.log"


def downloads_dir(root: Path) -> Path:
    return root / "downloads"
