"""python-vlc, loaded once and seen through typed protocols.

python-vlc has no type hints: every object it hands over is described here by the few
members podtui uses, so the rest of the package is checked against them.
"""

from __future__ import annotations

import ctypes
import logging
import threading
from collections.abc import Callable
from enum import StrEnum
from typing import Protocol

from tui.player.base import PlayerUnavailable

MISSING_LIBVLC = "libVLC not found: install VLC (Debian: apt install libvlc5 vlc-plugin-base)"


class VlcEventData(Protocol):
    """The members of libVLC's event union that podtui reads."""

    new_cache: float
    new_length: int
    new_time: int
    meta_type: int  # shares its first four bytes with es_changed.i_type


class VlcEvent(Protocol):
    u: VlcEventData


EventHandler = Callable[[VlcEvent], None]


class VlcEventManager(Protocol):
    def event_attach(self, kind: object, callback: EventHandler) -> object: ...


class VlcMedia(Protocol):
    def add_option(self, option: str) -> object: ...
    def release(self) -> object: ...


class VlcMediaPlayer(Protocol):
    def set_media(self, media: VlcMedia) -> object: ...
    def play(self) -> int: ...
    def stop(self) -> object: ...
    def set_pause(self, pause: int) -> object: ...
    def set_time(self, ms: int) -> object: ...
    def set_rate(self, rate: float) -> int: ...
    def audio_set_volume(self, volume: int) -> int: ...
    def audio_set_mute(self, mute: bool) -> object: ...
    def event_manager(self) -> VlcEventManager: ...
    def release(self) -> object: ...


class AudioOutput(Protocol):
    name: bytes | None
    description: bytes | None
    next: AudioOutputNode


class AudioOutputNode(Protocol):
    """A pointer into libVLC's list of audio outputs (false at the end)."""

    contents: AudioOutput

    def __bool__(self) -> bool: ...


class VlcInstance(Protocol):
    def media_new_location(self, mrl: str) -> VlcMedia | None: ...
    def media_new_path(self, path: str) -> VlcMedia | None: ...
    def media_player_new(self) -> VlcMediaPlayer: ...
    def set_user_agent(self, name: str, http: str) -> object: ...
    def set_app_id(self, app_id: str, version: str, icon: str) -> object: ...
    def audio_output_list_get(self) -> AudioOutputNode: ...
    def log_set(self, callback: object, data: object) -> object: ...
    def log_unset(self) -> object: ...
    def release(self) -> object: ...


LogHandler = Callable[[object, int, object, "bytes | None", object], None]


class VlcCallbacks(Protocol):
    LogCb: Callable[[LogHandler], object]


class VlcModule(Protocol):
    """The python-vlc module."""

    __version__: str
    dll: ctypes.CDLL
    EventType: object
    CallbackDecorators: VlcCallbacks
    Instance: Callable[[list[str]], VlcInstance | None]
    libvlc_get_version: Callable[[], bytes | str]
    libvlc_audio_output_list_release: Callable[[AudioOutputNode], None]


class LibvlcEvent(StrEnum):
    """The media player events podtui listens to (names in ``vlc.EventType``)."""

    OPENING = "MediaPlayerOpening"
    BUFFERING = "MediaPlayerBuffering"
    PLAYING = "MediaPlayerPlaying"
    PAUSED = "MediaPlayerPaused"
    STOPPED = "MediaPlayerStopped"
    END_REACHED = "MediaPlayerEndReached"
    ERROR = "MediaPlayerEncounteredError"
    LENGTH_CHANGED = "MediaPlayerLengthChanged"
    TIME_CHANGED = "MediaPlayerTimeChanged"
    ES_ADDED = "MediaPlayerESAdded"


class _Loaded:
    module: VlcModule | None = None
    problem: str | None = None
    lock = threading.Lock()


def load_vlc() -> VlcModule:
    """Import python-vlc (which loads libVLC) once; PlayerUnavailable if that fails."""
    with _Loaded.lock:
        if _Loaded.module is not None:
            return _Loaded.module
        if _Loaded.problem is not None:
            raise PlayerUnavailable(_Loaded.problem)
        # python-vlc reports loading problems through logging; never on the terminal.
        logging.getLogger("vlc").addHandler(logging.NullHandler())
        logging.getLogger("vlc").propagate = False
        problem = MISSING_LIBVLC
        try:
            import vlc  # lazy: loading libVLC takes time and may fail; only players need it
        except ImportError as exc:
            if getattr(exc, "name", None) == "vlc":
                problem = "python-vlc is not installed: pip install python-vlc"
        except (OSError, NotImplementedError, AttributeError, SystemExit):
            pass
        else:
            if getattr(vlc, "dll", None) is not None:
                module: VlcModule = vlc
                _Loaded.module = module
                return module
        _Loaded.problem = problem
        raise PlayerUnavailable(problem)


def attach(
    vlc: VlcModule, events: VlcEventManager, kind: LibvlcEvent, handler: EventHandler
) -> None:
    """Call ``handler`` (on a libVLC thread) for every ``kind`` event. ``events`` holds the
    ctypes callback: keep it alive as long as libVLC may report."""
    events.event_attach(getattr(vlc.EventType, kind.value), handler)


def log_callback(vlc: VlcModule, handler: LogHandler) -> object:
    """``handler`` as a libVLC log callback (keep the result alive while it is installed)."""
    return vlc.CallbackDecorators.LogCb(handler)


class LogContext:
    """Which libVLC module wrote a log line (libvlc_log_get_context)."""

    def __init__(self, get_context: ctypes._NamedFuncPointer) -> None:
        self._get_context = get_context

    @classmethod
    def of(cls, vlc: VlcModule) -> LogContext | None:
        try:
            fn = vlc.dll.libvlc_log_get_context
        except AttributeError:
            return None
        fn.argtypes = (
            ctypes.c_void_p,
            ctypes.POINTER(ctypes.c_char_p),
            ctypes.POINTER(ctypes.c_char_p),
            ctypes.POINTER(ctypes.c_uint),
        )
        fn.restype = None
        return cls(fn)

    def module(self, ctx: object) -> str:
        name = ctypes.c_char_p()
        file = ctypes.c_char_p()
        line = ctypes.c_uint()
        self._get_context(ctx, ctypes.byref(name), ctypes.byref(file), ctypes.byref(line))
        return (name.value or b"").decode("ascii", "replace")
