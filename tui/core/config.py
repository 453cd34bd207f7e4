"""Settings from the TOML config file, typed, with defaults for everything.

Example ``config.toml``::

    theme = "nord"
    seek_back = 10
    seek_forward = 30
    auto_advance = true

    [player]
    audio_output = "alsa"
    vlc_options = ["--network-caching=3000"]

    [downloads]
    dir = "~/Podcasts"
    max_concurrent = 3
    auto_download = 0        # newest N unplayed episodes per podcast on refresh

    [service]                # the background player
    idle_minutes = 10        # exit once nothing played and no client was attached this long
    hangup = "keep"          # a closed terminal keeps playing ("pause" pauses instead)

    [sync]                   # with a gpodder server, once logged in (podtui sync login)
    at_start = true
    after_refresh = true

    [directories]            # where podtui search and Ctrl+N look for podcasts by name
    itunes = "https://itunes.apple.com"          # the iTunes Search API (and lookup)
    gpodder = "https://gpodder.net"              # gpodder.net's search
    podcastindex = "https://api.podcastindex.org"
    podcastindex_key = ""    # Podcast Index is asked only with an API key and secret
    podcastindex_secret = ""
    timeout = 15             # seconds one directory may take

    [keymap]                 # binding id = keys
    "episodes.select" = "enter,p"
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tui.core.directories.models import DirectorySettings
from tui.core.errors import PodtuiError

DEFAULT_SERVICE_IDLE = 10.0  # minutes


class Hangup(StrEnum):
    """What a hang-up of the app's terminal does to what is playing."""

    KEEP = "keep"
    PAUSE = "pause"


class ConfigError(PodtuiError):
    """The config file cannot be read or holds a wrong value."""


@dataclass(slots=True)
class Config:
    path: Path | None = None
    theme: str | None = None
    seek_back: float = 10.0
    seek_forward: float = 30.0
    seek_long: float = 60.0
    auto_advance: bool = True
    audio_output: str | None = None
    vlc_options: list[str] = field(default_factory=list)
    download_dir: Path | None = None
    max_downloads: int = 3
    auto_download: int = 0
    keymap: dict[str, str] = field(default_factory=dict)
    service_idle: float = DEFAULT_SERVICE_IDLE  # minutes
    hangup: Hangup = Hangup.KEEP
    sync_at_start: bool = True  # when logged in to a gpodder server
    sync_after_refresh: bool = True
    directories: DirectorySettings = field(default_factory=DirectorySettings)

    def player_options(
        self, extra: list[str] | None = None, audio_output: str | None = None
    ) -> list[str]:
        """libVLC options: the config's, then the command line's (which win)."""
        options = list(self.vlc_options)
        output = audio_output or self.audio_output
        if output:
            options.append(f"--aout={output}")
        options.extend(extra or [])
        return options


def _get(table: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    value = table.get(key)
    if value is None:
        return None
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
        name = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
        raise ConfigError(f"{where}: {key} must be a {name}, not {value!r}")
    return value


def load_config(path: Path) -> Config:
    """Read ``path``; a missing file gives the defaults, a broken one a ConfigError."""
    config = Config(path=path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return config
    except OSError as exc:
        raise ConfigError(f"cannot read config {path}: {exc.strerror or exc}") from None
    import tomllib  # lazy: without a config file, every command starts without it

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"config {path} is not valid TOML: {exc}") from None
    where = str(path)
    config.theme = _get(data, "theme", str, where)
    for name in ("seek_back", "seek_forward", "seek_long"):
        value = _get(data, name, float, where)
        if value is not None:
            if value <= 0:
                raise ConfigError(f"{where}: {name} must be positive")
            setattr(config, name, value)
    auto = _get(data, "auto_advance", bool, where)
    if auto is not None:
        config.auto_advance = auto
    player = data.get("player", {})
    if not isinstance(player, dict):
        raise ConfigError(f"{where}: [player] must be a table")
    config.audio_output = _get(player, "audio_output", str, where)
    options = _get(player, "vlc_options", list, where) or []
    if not all(isinstance(option, str) for option in options):
        raise ConfigError(f"{where}: player.vlc_options must be a list of strings")
    config.vlc_options = options
    downloads = data.get("downloads", {})
    if not isinstance(downloads, dict):
        raise ConfigError(f"{where}: [downloads] must be a table")
    folder = _get(downloads, "dir", str, where)
    if folder:
        config.download_dir = Path(folder).expanduser()
    for key, attr in (("max_concurrent", "max_downloads"), ("auto_download", "auto_download")):
        value = _get(downloads, key, int, where)
        if value is not None:
            if value < 0 or (attr == "max_downloads" and value == 0):
                raise ConfigError(f"{where}: downloads.{key} is out of range")
            setattr(config, attr, value)
    _load_service(config, data, where)
    sync = data.get("sync", {})
    if not isinstance(sync, dict):
        raise ConfigError(f"{where}: [sync] must be a table")
    for key, attr in (("at_start", "sync_at_start"), ("after_refresh", "sync_after_refresh")):
        value = _get(sync, key, bool, where)
        if value is not None:
            setattr(config, attr, value)
    config.directories = _load_directories(data, where)
    keymap = data.get("keymap", {})
    if not isinstance(keymap, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in keymap.items()
    ):
        raise ConfigError(f"{where}: [keymap] must map binding ids to key strings")
    config.keymap = dict(keymap)
    return config


def _load_service(config: Config, data: dict[str, Any], where: str) -> None:
    service = data.get("service", {})
    if not isinstance(service, dict):
        raise ConfigError(f"{where}: [service] must be a table")
    idle = _get(service, "idle_minutes", float, where)
    if idle is not None:
        if not idle > 0:
            raise ConfigError(f"{where}: service.idle_minutes must be positive")
        config.service_idle = idle
    hangup = _get(service, "hangup", str, where)
    if hangup is not None:
        try:
            config.hangup = Hangup(hangup)
        except ValueError:
            choices = " or ".join(f'"{h.value}"' for h in Hangup)
            raise ConfigError(f"{where}: service.hangup must be {choices}") from None


def _load_directories(data: dict[str, Any], where: str) -> DirectorySettings:
    table = data.get("directories", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: [directories] must be a table")
    known = {"itunes", "gpodder", "podcastindex", "podcastindex_key", "podcastindex_secret"}
    unknown = sorted(set(table) - known - {"timeout"})
    if unknown:
        raise ConfigError(f"{where}: directories.{unknown[0]} is not a setting")
    values: dict[str, Any] = {}
    for key in ("itunes", "gpodder", "podcastindex"):
        url = _get(table, key, str, where)
        if url is not None:
            url = url.strip()
            parts = urlsplit(url)
            if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
                raise ConfigError(f"{where}: directories.{key} must be an http(s) URL")
            values[key] = url
    for key in ("podcastindex_key", "podcastindex_secret"):
        secret = _get(table, key, str, where)
        if secret is not None:
            values[key] = secret.strip()
    if bool(values.get("podcastindex_key")) != bool(values.get("podcastindex_secret")):
        raise ConfigError(
            f"{where}: directories.podcastindex_key and podcastindex_secret go together"
        )
    timeout = _get(table, "timeout", float, where)
    if timeout is not None:
        if not 0 < timeout <= 300:
            raise ConfigError(f"{where}: directories.timeout must be between 0 and 300 seconds")
        values["timeout"] = timeout
    return DirectorySettings(**values)
