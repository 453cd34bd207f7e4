"""The libVLC player.

Threads and rules:

* Commands (play, pause, seek, ...) run on the caller's thread and are serialised by a lock.
* libVLC reports through callbacks on its own threads. Those callbacks only record state and
  queue work; they never call libVLC (libVLC is not re-entrant from its event handlers) and
  never call the listener directly.
* One player thread ("podtui-player") delivers every event to the listener, in order, runs
  the follow-up work that needs libVLC (stopping after an error or the end, applying a pause
  requested while the stream was still opening) and runs the stall watchdog. The listener may
  therefore call the player's properties and even its commands without deadlocking libVLC.
* libVLC never writes to the terminal: its log goes through a callback to ``log_file`` (and a
  small in-memory ring used to explain errors), ALSA's own error printer is silenced, and the
  few lines libVLC prints with ``fprintf(stderr)`` while starting are captured. The app should
  also call :func:`redirect_stderr` before starting, for anything native that still writes
  to fd 2.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import ctypes.util
import logging
import os
import re
import sys
import tempfile
import threading
import time
import weakref
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from queue import Empty, SimpleQueue
from typing import Any, TextIO
from urllib.parse import urlsplit

from tui import USER_AGENT, __version__
from tui.core.models import PlayerState
from tui.player.base import (
    DEFAULT_VOLUME,
    DurationChanged,
    EndReached,
    Listener,
    Player,
    PlayerError,
    PlayerUnavailable,
    SeekFailed,
    StateChanged,
    clamp_position,
    clamp_rate,
    clamp_volume,
)
from tui.session.finish import tolerance

MISSING_LIBVLC = "libVLC not found: install VLC (Debian: apt install libvlc5 vlc-plugin-base)"
NO_AUDIO_OUTPUT = "no working audio output; podtui doctor says why and what to try"
DEFAULT_STALL_TIMEOUT = 20.0
CANNOT_SEEK = "the server cannot seek in this stream"
END_LAG = 2.0  # seconds libVLC's clock can trail the end of the input (audio still buffered)
GUESS_CORRECTION = 0.05  # libVLC correcting its first length by more than this share
PROGRESS = 0.2  # seconds libVLC's clock must advance by playing to count as real playback

BASE_OPTIONS = (
    "--quiet",
    "--intf=dummy",
    "--no-video",
    "--no-stats",
    "--no-sub-autodetect-file",
    "--no-metadata-network-access",
)

# libVLC log levels (libvlc_log_level)
LOG_DEBUG, LOG_NOTICE, LOG_WARNING, LOG_ERROR = 0, 2, 3, 4
_LEVEL_NAMES = {
    LOG_DEBUG: "debug",
    LOG_NOTICE: "notice",
    LOG_WARNING: "warning",
    LOG_ERROR: "error",
}

_vlc_module: Any = None
_vlc_problem: str | None = None
_import_lock = threading.Lock()


def load_vlc() -> Any:
    """Import python-vlc (which loads libVLC) once; PlayerUnavailable if that fails."""
    global _vlc_module, _vlc_problem
    with _import_lock:
        if _vlc_module is not None:
            return _vlc_module
        if _vlc_problem is not None:
            raise PlayerUnavailable(_vlc_problem)
        # python-vlc reports loading problems through logging; never on the terminal.
        logging.getLogger("vlc").addHandler(logging.NullHandler())
        logging.getLogger("vlc").propagate = False
        try:
            import vlc
        except ImportError as exc:
            if getattr(exc, "name", None) == "vlc":
                _vlc_problem = "python-vlc is not installed: pip install python-vlc"
            else:
                _vlc_problem = MISSING_LIBVLC
        except (OSError, NotImplementedError, AttributeError, SystemExit):
            _vlc_problem = MISSING_LIBVLC
        else:
            if getattr(vlc, "dll", None) is None:
                _vlc_problem = MISSING_LIBVLC
            else:
                _vlc_module = vlc
                return vlc
        raise PlayerUnavailable(_vlc_problem)


def libvlc_version() -> str:
    """libVLC's version string, e.g. ``3.0.21 Vetinari``."""
    vlc = load_vlc()
    raw = vlc.libvlc_get_version()
    return raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)


def python_vlc_version() -> str:
    return str(getattr(load_vlc(), "__version__", "unknown"))


class _DlInfo(ctypes.Structure):
    _fields_ = (
        ("dli_fname", ctypes.c_char_p),
        ("dli_fbase", ctypes.c_void_p),
        ("dli_sname", ctypes.c_char_p),
        ("dli_saddr", ctypes.c_void_p),
    )


def libvlc_location() -> str:
    """Where the loaded libVLC lives (a full path when the platform can tell)."""
    vlc = load_vlc()
    dll = vlc.dll
    name = str(getattr(dll, "_name", "") or "libvlc")
    if sys.platform.startswith("win"):
        try:
            buf = ctypes.create_unicode_buffer(1024)
            kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
            if kernel32.GetModuleFileNameW(ctypes.c_void_p(dll._handle), buf, 1024):
                return buf.value
        except Exception:
            pass
        return name
    try:
        libdl = ctypes.CDLL(ctypes.util.find_library("dl") or None)
        dladdr = libdl.dladdr
        dladdr.argtypes = (ctypes.c_void_p, ctypes.POINTER(_DlInfo))
        dladdr.restype = ctypes.c_int
        info = _DlInfo()
        address = ctypes.cast(dll.libvlc_get_version, ctypes.c_void_p)
        if dladdr(address, ctypes.byref(info)) and info.dli_fname:
            return os.path.realpath(info.dli_fname.decode(errors="replace"))
    except Exception:
        pass
    return name


def libvlc_plugin_path() -> str | None:
    """libVLC's plugin folder, when it can be found."""
    vlc = load_vlc()
    env = os.environ.get("VLC_PLUGIN_PATH") or getattr(vlc, "plugin_path", None)
    if env:
        return str(env)
    lib = Path(libvlc_location())
    for candidate in (lib.parent / "vlc" / "plugins", lib.parent / "plugins"):
        if candidate.is_dir():
            return str(candidate)
    return None


def audio_outputs(options: Sequence[str] = ()) -> list[tuple[str, str]]:
    """The audio output modules libVLC has: ``[(name, description), ...]``."""
    vlc = load_vlc()
    sink = _LogSink(None)
    instance = _new_instance(vlc, [*BASE_OPTIONS, *options], sink)
    try:
        found: list[tuple[str, str]] = []
        head = instance.audio_output_list_get()
        node = head
        while node:
            item = node.contents
            name = (item.name or b"").decode("utf-8", "replace")
            text = (item.description or b"").decode("utf-8", "replace")
            found.append((name, text))
            node = item.next
        if head:
            vlc.libvlc_audio_output_list_release(head)
        return found
    finally:
        with contextlib.suppress(Exception):
            instance.log_unset()
        instance.release()


# -- stderr hygiene -------------------------------------------------------------------------


class StderrRedirect:
    """fd 2 points at a log file; Python's ``sys.stderr``/``sys.__stderr__`` keep the terminal.

    Native code (libVLC, ALSA, PulseAudio) writes straight to fd 2; Textual draws on
    ``sys.__stderr__``. After :func:`redirect_stderr` the first goes to the log and the second
    still reaches the terminal through a duplicate of the original descriptor.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        for stream in (sys.stderr, sys.__stderr__):
            with contextlib.suppress(Exception):
                stream.flush()
        self._saved_fd = os.dup(2)
        encoding = getattr(sys.__stderr__, "encoding", None) or "utf-8"
        self.terminal: TextIO = os.fdopen(
            os.dup(self._saved_fd), "w", buffering=1, encoding=encoding, errors="backslashreplace"
        )
        self._old = (sys.stderr, sys.__stderr__)
        log_fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            os.dup2(log_fd, 2)
        finally:
            os.close(log_fd)
        if sys.stderr is sys.__stderr__ or sys.stderr is None:
            sys.stderr = self.terminal
        sys.__stderr__ = self.terminal
        self._active = True

    def restore(self) -> None:
        if not self._active:
            return
        self._active = False
        with contextlib.suppress(Exception):
            self.terminal.flush()
        os.dup2(self._saved_fd, 2)
        os.close(self._saved_fd)
        if sys.stderr is self.terminal:
            sys.stderr = self._old[0]
        sys.__stderr__ = self._old[1]
        with contextlib.suppress(Exception):
            self.terminal.close()

    def __enter__(self) -> StderrRedirect:
        return self

    def __exit__(self, *exc: object) -> None:
        self.restore()


def redirect_stderr(path: str | os.PathLike[str]) -> StderrRedirect:
    """Send whatever native code writes to fd 2 into ``path``; Python keeps the terminal."""
    return StderrRedirect(Path(path))


@contextlib.contextmanager
def _captured_fd2() -> Iterator[list[str]]:
    """Collect what is written to fd 2 inside the block (libVLC prints a few lines itself)."""
    lines: list[str] = []
    try:
        saved = os.dup(2)
    except OSError:
        yield lines
        return
    with tempfile.TemporaryFile() as tmp:
        try:
            os.dup2(tmp.fileno(), 2)
            yield lines
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            tmp.seek(0)
            text = tmp.read(64 * 1024).decode("utf-8", "replace")
            lines.extend(line.strip() for line in text.splitlines() if line.strip())


_alsa_handler: Any = None


def _silence_alsa() -> None:
    """ALSA prints its own errors on stderr (e.g. on a box without a sound card): drop them."""
    global _alsa_handler
    if _alsa_handler is not None or not sys.platform.startswith("linux"):
        return
    try:
        lib = ctypes.CDLL("libasound.so.2")
    except OSError:
        _alsa_handler = False
        return
    handler_type = ctypes.CFUNCTYPE(
        None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p
    )

    def ignore(file: bytes, line: int, func: bytes, err: int, fmt: bytes) -> None:
        return None

    _alsa_handler = handler_type(ignore)
    try:
        lib.snd_lib_error_set_handler(_alsa_handler)
    except Exception:
        _alsa_handler = False


# -- libVLC log -----------------------------------------------------------------------------


@dataclass(slots=True)
class LogLine:
    level: int
    module: str
    text: str
    serial: int


class _LogSink:
    """Receives libVLC's log: writes it to the log file and keeps the recent interesting lines."""

    def __init__(self, path: Path | None, *, debug: bool = False) -> None:
        self._lock = threading.Lock()
        self._file: TextIO | None = None
        self.debug = debug
        if path is not None:
            path = Path(path)
            path.parent.mkdir(parents=True, exist_ok=True)
            self._file = open(path, "a", encoding="utf-8", errors="replace", buffering=1)  # noqa: SIM115
        self.recent: deque[LogLine] = deque(maxlen=200)
        self.serial = 0
        self.hook: Callable[[LogLine], None] | None = None
        self._callback: Any = None
        self._vsnprintf: Any = None
        self._get_context: Any = None

    def install(self, vlc: Any, instance: Any) -> None:
        # libVLC hands over a printf format and a va_list; the C library formats it.
        try:
            if sys.platform == "win32":
                fn = ctypes.cdll.msvcrt._vsnprintf
            else:
                fn = ctypes.CDLL(None).vsnprintf
            fn.argtypes = (ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_void_p)
            fn.restype = ctypes.c_int
        except (OSError, AttributeError):
            fn = None  # the raw format string is logged instead
        self._vsnprintf = fn
        try:
            ctx = vlc.dll.libvlc_log_get_context
            ctx.argtypes = (
                ctypes.c_void_p,
                ctypes.POINTER(ctypes.c_char_p),
                ctypes.POINTER(ctypes.c_char_p),
                ctypes.POINTER(ctypes.c_uint),
            )
            ctx.restype = None
            self._get_context = ctx
        except AttributeError:
            self._get_context = None
        self._callback = vlc.CallbackDecorators.LogCb(self._on_log)
        instance.log_set(self._callback, None)

    def _on_log(self, data: Any, level: int, ctx: Any, fmt: bytes | None, args: Any) -> None:
        with contextlib.suppress(BaseException):  # nothing may escape into libVLC's thread
            self._handle(level, ctx, fmt, args)

    def _handle(self, level: int, ctx: Any, fmt: bytes | None, args: Any) -> None:
        module = ""
        if self._get_context is not None and ctx:
            name = ctypes.c_char_p()
            file = ctypes.c_char_p()
            line = ctypes.c_uint()
            self._get_context(ctx, ctypes.byref(name), ctypes.byref(file), ctypes.byref(line))
            module = (name.value or b"").decode("ascii", "replace")
        wanted = (
            self.debug
            or level >= LOG_NOTICE
            or (module in ("http", "access") and fmt is not None and b"response" in fmt)
        )
        if not wanted:
            return
        if self._vsnprintf is not None and fmt is not None:
            buf = ctypes.create_string_buffer(2048)
            self._vsnprintf(buf, len(buf), fmt, args)
            text = buf.value.decode("utf-8", "replace")
        else:
            text = (fmt or b"").decode("utf-8", "replace")
        with self._lock:
            self.serial += 1
            item = LogLine(level, module, text, self.serial)
            if level >= LOG_WARNING or "response" in text[:40]:
                self.recent.append(item)
            if self._file is not None:
                stamp = time.strftime("%Y-%m-%d %H:%M:%S")
                flat = " | ".join(part.strip() for part in text.splitlines() if part.strip())
                name = _LEVEL_NAMES.get(level, str(level))
                self._file.write(f"{stamp} vlc {name} [{module or '-'}] {flat}\n")
        hook = self.hook
        if hook is not None:
            hook(item)

    def write(self, text: str) -> None:
        with self._lock:
            if self._file is not None:
                stamp = time.strftime("%Y-%m-%d %H:%M:%S")
                self._file.write(f"{stamp} player {text}\n")

    def mark(self) -> int:
        with self._lock:
            return self.serial

    def since(self, serial: int) -> list[LogLine]:
        with self._lock:
            return [item for item in self.recent if item.serial > serial]

    def close(self) -> None:
        with self._lock:
            if self._file is not None:
                with contextlib.suppress(Exception):
                    self._file.close()
                self._file = None


def _new_instance(vlc: Any, args: Sequence[str], sink: _LogSink) -> Any:
    _silence_alsa()
    with _captured_fd2() as printed:
        instance = vlc.Instance(list(args))
        if instance is not None:
            sink.install(vlc, instance)
    for line in printed:
        sink.write(f"libVLC: {line}")
    if instance is None:
        detail = next((line for line in printed if "option" in line), "")
        user = [a for a in args if a not in BASE_OPTIONS]
        hint = f" ({detail})" if detail else f" (options: {' '.join(user) or 'none'})"
        raise PlayerUnavailable(f"libVLC failed to start{hint}")
    return instance


# -- explaining failures ------------------------------------------------------------------

_GENERIC = (
    "your input can't be opened",
    "vlc is unable to open the mrl",
    "check the log for details",
    "module not functional",
    "connection error: success",
)


def explain(lines: Sequence[LogLine]) -> str | None:
    """The most specific reason in libVLC's recent log lines, or None."""
    texts = [" ".join(item.text.split()) for item in lines]
    for text in texts:
        m = re.search(r"HTTP (\d{3}) error", text)
        if m:
            return f"HTTP {m.group(1)} error"
    for text in texts:
        m = re.search(r"cannot resolve ([^\s:]+)", text)
        if m:
            return f"cannot resolve {m.group(1)}"
    for text in texts:
        low = text.lower()
        if "certificate" in low:
            return f"TLS: {text}"
    for text in texts:
        if "TLS" in text and "handshake" in text:
            return "TLS handshake failed"
    refused = any("connection refused" in text.lower() for text in texts)
    for text in texts:
        m = re.search(r"cannot connect to (\S+)", text)
        if m:
            return f"cannot connect to {m.group(1)}" + (" (connection refused)" if refused else "")
    if refused:
        return "connection refused"
    for item, text in zip(reversed(lines), reversed(texts), strict=True):
        low = text.lower()
        if item.level >= LOG_ERROR and not any(g in low for g in _GENERIC):
            return text
    return None


# Content-Types for which libVLC 3 picks a demuxer without probing (demux_FromContentType).
_FORCING_TYPES = frozenset(
    {"audio/aac", "audio/aacp", "audio/mpeg", "video/dv", "video/mp2p", "video/mp2t"}
    | {"video/nsa", "video/nsv"}
)


def _forced_demux(lines: Sequence[LogLine]) -> bool:
    """Did the server answer 2xx with a Content-Type that makes libVLC skip probing?"""
    for item in reversed(lines):
        if "response" not in item.text[:40]:
            continue
        status = re.search(r"HTTP/\d(?:\.\d)? (\d{3})", item.text)
        if not status or not status.group(1).startswith("2"):
            return False
        return (_content_type([item]) or "") in _FORCING_TYPES
    return False


def _content_type(lines: Sequence[LogLine]) -> str | None:
    for item in reversed(lines):
        m = re.search(r"^content-type:\s*([^\s;]+)", item.text, re.I | re.M)
        if m:
            return m.group(1).lower()
    return None


# -- the player -----------------------------------------------------------------------------

_ACTIVE = (PlayerState.BUFFERING, PlayerState.PLAYING, PlayerState.PAUSED)
_live_players: weakref.WeakSet[VlcPlayer] = weakref.WeakSet()
_CLOSE = object()


@atexit.register
def _close_all() -> None:
    """libVLC threads must not call into Python once the interpreter is going away."""
    for player in list(_live_players):
        with contextlib.suppress(Exception):
            player.close()


class VlcPlayer(Player):
    """Plays through an embedded libVLC instance."""

    def __init__(
        self,
        options: Sequence[str] = (),
        *,
        user_agent: str = USER_AGENT,
        log_file: Path | None = None,
        stall_timeout: float = DEFAULT_STALL_TIMEOUT,
        debug_log: bool = False,
    ) -> None:
        vlc = load_vlc()
        self._vlc = vlc
        self._options = list(options)
        self._user_agent = user_agent
        self._stall_timeout = float(stall_timeout)
        self._log = _LogSink(log_file, debug=debug_log)
        self._no_audio = NO_AUDIO_OUTPUT + (f" (log: {log_file})" if log_file else "")
        self._log.write(f"libVLC {libvlc_version()}, options: {' '.join(self._options)}")
        try:
            self._instance = _new_instance(vlc, [*BASE_OPTIONS, *self._options], self._log)
        except PlayerUnavailable:
            self._log.close()
            raise
        with contextlib.suppress(Exception):
            self._instance.set_user_agent("podtui", user_agent)
            self._instance.set_app_id("org.podtui", __version__, "audio-x-generic")
        self._mp = self._instance.media_player_new()
        self._media: Any = None

        self._cmd_lock = threading.RLock()  # serialises libVLC calls made by our threads
        self._lock = threading.Lock()  # guards the fields below; never held over libVLC calls
        self._listener: Listener | None = None
        self._closed = False
        self._state = PlayerState.STOPPED
        self._announced = PlayerState.STOPPED
        self._source: str | None = None
        self._start_pos = 0.0
        self._probe_all = False
        self._volume_pending = False
        self._volume_tries = 0
        self._title = ""
        self._duration: float | None = None
        self._rate = 1.0
        self._volume = DEFAULT_VOLUME
        self._pos = 0.0
        self._pos_stamp: float | None = None  # monotonic time of the last position report
        self._session = 0  # bumped by play() and stop(): late work for older sessions is dropped
        self._stopping = False  # our own mp.stop() is running: ignore libVLC's events
        self._log_mark = 0
        self._audio_es = False
        self._playing_seen = False
        self._time_seen = False
        self._want_pause = False
        self._pending_seek: float | None = None
        self._failed = False
        self._progress = time.monotonic()
        self._last_cache = -1.0
        self._last_time = -1
        # Where playback really is, apart from libVLC's clock (which can come from a length
        # it guessed): the place playback was started or sought to, and from there only the
        # times libVLC reached by playing.
        self._played_from = 0.0
        self._real_pos = 0.0
        self._first_time: float | None = None  # libVLC's first time since _played_from
        self._progressed = False
        self._seek_failed = False
        self._before_seek = 0.0
        # A resume that libVLC ended at once (the place lies past a length it guessed from
        # the file's header) is opened again from the start and sought to once libVLC has
        # decoded a little and corrected its guess.
        self._resume_to: float | None = None
        self._retried = False
        self._resume_checked = False

        self._queue: SimpleQueue[Any] = SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="podtui-player", daemon=True)
        self._thread.start()
        self._log.hook = self._on_log_line
        self._events = self._mp.event_manager()
        ev = vlc.EventType
        handlers = {
            ev.MediaPlayerOpening: self._on_opening,
            ev.MediaPlayerBuffering: self._on_buffering,
            ev.MediaPlayerPlaying: self._on_playing,
            ev.MediaPlayerPaused: self._on_paused,
            ev.MediaPlayerStopped: self._on_stopped,
            ev.MediaPlayerEndReached: self._on_end,
            ev.MediaPlayerEncounteredError: self._on_error,
            ev.MediaPlayerLengthChanged: self._on_length,
            ev.MediaPlayerTimeChanged: self._on_time,
            ev.MediaPlayerESAdded: self._on_es_added,
        }
        for kind, handler in handlers.items():
            self._events.event_attach(kind, self._guard(handler))
        _live_players.add(self)

    # -- plumbing --------------------------------------------------------------------------

    @staticmethod
    def _guard(handler: Callable[[Any], None]) -> Callable[[Any], None]:
        def call(event: Any) -> None:
            with contextlib.suppress(BaseException):  # python-vlc would print it
                handler(event)

        return call

    def _later(self, session: int, task: Callable[[], None]) -> None:
        self._queue.put(("task", session, task))

    def _run(self) -> None:
        while True:
            try:
                item = self._queue.get(timeout=0.02 if self._volume_pending else 0.1)
            except Empty:
                item = None
            if item is _CLOSE:
                return
            try:
                if item is not None:
                    if item[0] == "event":
                        listener = self._listener
                        if listener is not None:
                            listener(item[1])
                    else:
                        _, session, task = item
                        if session == self._session and not self._closed:
                            task()
                self._watchdog()
                if self._volume_pending:
                    self._push_volume()
            except Exception as exc:
                self._log.write(f"listener or task failed: {type(exc).__name__}: {exc}")

    def _set_state(self, state: PlayerState, message: str | None = None) -> bool:
        """Change the state and announce it unless the listener already knows it
        (caller holds self._lock). Callbacks may set ``_state`` alone (ERROR while the
        player thread works out the message); ``_announced`` is what the listener saw."""
        self._state = state
        if self._announced is state and message is None:
            return False
        self._announced = state
        self._queue.put(("event", StateChanged(state, message)))
        return True

    # -- libVLC callbacks (libVLC threads: record and queue only) --------------------------

    def _on_opening(self, event: Any) -> None:
        with self._lock:
            self._progress = time.monotonic()

    def _on_buffering(self, event: Any) -> None:
        cache = float(event.u.new_cache)
        with self._lock:
            if cache != self._last_cache:
                self._last_cache = cache
                self._progress = time.monotonic()

    def _on_playing(self, event: Any) -> None:
        with self._lock:
            if self._stopping or self._failed:
                return
            self._progress = time.monotonic()
            first = not self._playing_seen
            self._playing_seen = True
            session = self._session
            if self._want_pause:
                self._later(session, self._apply_pause)
            else:
                self._set_state(PlayerState.PLAYING)
            if self._pos_stamp is None or first:
                self._pos_stamp = time.monotonic()
            if self._pending_seek is not None:
                self._later(session, self._apply_seek)

    def _on_paused(self, event: Any) -> None:
        with self._lock:
            if self._stopping or self._failed:
                return
            self._settle_position()
            self._set_state(PlayerState.PAUSED)

    def _on_stopped(self, event: Any) -> None:
        with self._lock:
            if self._stopping or self._failed:
                return
            if self._state in (PlayerState.ENDED, PlayerState.ERROR, PlayerState.STOPPED):
                return
            self._settle_position()
            self._set_state(PlayerState.STOPPED)

    def _on_end(self, event: Any) -> None:
        with self._lock:
            if self._stopping or self._failed:
                return
            session = self._session
            if not self._audio_es or not (self._time_seen or (self._duration or 0) > 0):
                self._failed = True
                self._state = PlayerState.ERROR
                self._later(session, lambda: self._fail(session, None, no_audio=True))
                return
            length = self._duration
            start = self._start_pos
            past_guess = length is None or start >= length
            if not self._progressed and start > 0 and past_guess and not self._retried:
                # Ended at once: the resume point lies past libVLC's length guess.
                self._retried = True
                source, title, probe_all = self._source or "", self._title, self._probe_all
                self._log.write(f"ended before {start:.1f} s (length {length}): reopening")
                self._later(session, lambda: self._reopen(session, source, start, title, probe_all))
                return
            clock = self._last_time / 1000.0 if self._last_time >= 0 else None
            reported = max(x for x in (clock, length, 0.0) if x is not None)
            # libVLC's clock reports every few hundred ms and can lag at the end: where
            # playback is now, carried on from the last report.
            reached = self._position_locked() if self._progressed else self._real_pos
            if not self._progressed and clock is not None and clock >= self._played_from:
                reached = clock  # a short last stretch: libVLC's clock had no time to move
            through = (
                not self._seek_failed
                and length is not None
                and self._played_from < length
                and reached >= length - tolerance(length) - END_LAG
            )
            self._pos_stamp = None
            if through:
                self._pos = max(self._real_pos, length or 0.0)
                self._set_state(PlayerState.ENDED)
            else:
                self._pos = reached if self._progressed else self._real_pos
            ending = EndReached(
                self._source or "",
                position=self._pos,
                reported=reported,
                length=length,
                played_through=through,
            )
            if through:
                self._queue.put(("event", ending))
            else:  # the end event comes first: the listener must not save the place
                self._queue.put(("event", ending))
                self._set_state(PlayerState.STOPPED)
            self._later(session, self._release_input)

    def _on_error(self, event: Any) -> None:
        with self._lock:
            if self._stopping or self._failed:
                return
            self._failed = True
            self._settle_position()
            self._state = PlayerState.ERROR
            session = self._session
            self._later(session, lambda: self._fail(session, None))

    def _on_length(self, event: Any) -> None:
        ms = int(event.u.new_length)
        with self._lock:
            if self._stopping or ms <= 0:
                return
            seconds = ms / 1000.0
            first = self._duration
            if self._duration is None or abs(self._duration - seconds) >= 0.001:
                self._duration = seconds
                self._queue.put(("event", DurationChanged(seconds)))
            if (
                first is not None
                and abs(seconds - first) > GUESS_CORRECTION * seconds
                and self._start_pos > 0
                and self._resume_to is None
                and not self._resume_checked
                and self._real_pos < self._played_from + 1.0
            ):
                # libVLC opened at the resume point with the bitrate of a wrong length
                # guess, so it is elsewhere in the stream than its clock says: go there
                # again now that it has corrected the guess.
                self._resume_checked = True
                self._later(self._session, self._reseek_start)

    def _on_time(self, event: Any) -> None:
        ms = int(event.u.new_time)
        with self._lock:
            if self._stopping:
                return
            if ms != self._last_time:
                self._last_time = ms
                self._progress = time.monotonic()
            if ms > 0:
                self._time_seen = True
            seconds = ms / 1000.0
            if self._first_time is None:
                self._first_time = seconds
            if self._resume_to is not None:
                if seconds >= self._first_time + PROGRESS:
                    self._later(self._session, self._apply_resume)
                return
            if seconds >= self._played_from + PROGRESS:
                self._progressed = True
            if self._progressed and not self._seek_failed:
                self._real_pos = seconds
            self._pos = self._real_pos if self._seek_failed else seconds
            self._pos_stamp = time.monotonic()

    def _on_es_added(self, event: Any) -> None:
        # python-vlc's Event.u lacks the es_changed member; its first field (i_type) shares
        # the union's first four bytes with meta_type.
        kind = int(event.u.meta_type)
        if kind == 0:  # libvlc_track_audio
            with self._lock:
                self._audio_es = True

    def _on_log_line(self, line: LogLine) -> None:
        if line.level < LOG_ERROR:
            return
        if "cannot seek" in line.text:
            self._cannot_seek()
            return
        if "failed to create audio output" not in line.text:
            return
        with self._lock:
            if self._stopping or self._failed or self._state not in _ACTIVE:
                return
            self._failed = True
            self._state = PlayerState.ERROR
            session = self._session
        self._later(session, lambda: self._fail(session, self._no_audio))

    def _cannot_seek(self) -> None:
        """libVLC gave up a seek (a server without byte ranges): keep the place it left."""
        with self._lock:
            if self._stopping or self._failed or self._state not in _ACTIVE:
                return
            if self._seek_failed:
                return
            self._seek_failed = True
            self._pos = self._real_pos = self._played_from = self._before_seek
            self._pos_stamp = None
            event = SeekFailed(self._source or "", self._before_seek, CANNOT_SEEK)
            self._queue.put(("event", event))

    # -- follow-up work (player thread) ----------------------------------------------------

    def _fail(self, session: int, message: str | None, *, no_audio: bool = False) -> None:
        with self._lock:
            mark = self._log_mark
            source = self._source
            title = self._title
            start = self._start_pos
            probe_all = self._probe_all
        lines = self._log.since(mark)
        if message is None and not probe_all and source and _forced_demux(lines):
            # The server's Content-Type made libVLC insist on one demuxer; try them all once.
            with self._cmd_lock:
                if session == self._session and not self._closed:
                    self._start(source, start, title, probe_all=True)
            return
        if message is None:
            reason = explain(lines)
            if no_audio:
                kind = _content_type(lines)
                if kind and not kind.startswith(("audio/", "video/", "application/ogg")):
                    message = f"not an audio stream (the server sent {kind})"
                else:
                    message = "no playable audio in this stream"
            else:
                message = reason or "cannot play this stream"
        self._log.write(f"error playing {source}: {message}")
        with self._lock:
            if session != self._session:
                return
            self._set_state(PlayerState.ERROR, message)
            self._queue.put(("event", PlayerError(source, message)))
        with self._cmd_lock:
            if session != self._session or self._closed:
                return
            self._stop_input()
            with self._lock:
                self._pos_stamp = None
                self._set_state(PlayerState.STOPPED)

    def _reopen(self, session: int, source: str, start: float, title: str, probe_all: bool) -> None:
        with self._cmd_lock:
            if session != self._session or self._closed:
                return
            self._start(source, 0.0, title, probe_all=probe_all, resume_to=start)

    def _apply_resume(self) -> None:
        with self._cmd_lock:
            with self._lock:
                target, self._resume_to = self._resume_to, None
                if target is None or self._closed:
                    return
                self._reset_progress(target)
                self._pos = target
                self._pos_stamp = None
            self._mp.set_time(int(target * 1000))
            self._mp.audio_set_mute(False)

    def _reseek_start(self) -> None:
        with self._cmd_lock:
            with self._lock:
                target = self._start_pos
                if self._closed or self._played_from != target:
                    return  # played on, or the listener sought elsewhere meanwhile
                self._reset_progress(target)
                self._pos = target
                self._pos_stamp = None
            self._log.write(f"libVLC corrected its length: seeking to {target:.1f} s again")
            self._mp.set_time(int(target * 1000))

    def _release_input(self) -> None:
        with self._cmd_lock:
            if not self._closed:
                self._stop_input()

    def _apply_pause(self) -> None:
        with self._cmd_lock:
            with self._lock:
                wanted = self._want_pause
                self._want_pause = False
            if wanted and not self._closed:
                self._mp.set_pause(1)

    def _apply_seek(self) -> None:
        with self._cmd_lock:
            with self._lock:
                target = self._pending_seek
                self._pending_seek = None
            if target is not None and not self._closed:
                self._mp.set_time(int(target * 1000))

    def _push_volume(self) -> None:
        """Apply the volume until libVLC accepts it.

        Outputs with software volume (ALSA, ...) refuse a volume until their stream has
        started, which happens a little after the Playing event; until then the previous
        gain applies. Retried every 20 ms for a few seconds after each start.
        """
        with self._cmd_lock:
            if self._closed:
                self._volume_pending = False
                return
            with self._lock:
                if self._state not in _ACTIVE:
                    self._volume_pending = False  # play() tries again
                    return
                volume = self._volume
            accepted = self._mp.audio_set_volume(volume) == 0
            with self._lock:
                self._volume_tries += 1
                if (accepted and self._playing_seen) or self._volume_tries > 250:
                    self._volume_pending = False

    def _watchdog(self) -> None:
        if self._stall_timeout <= 0:
            return
        with self._lock:
            if self._failed or self._stopping or self._state not in _ACTIVE:
                return
            if self._state is PlayerState.PAUSED and (self._playing_seen or not self._want_pause):
                return
            idle = time.monotonic() - self._progress
            if idle < self._stall_timeout:
                return
            self._failed = True
            self._state = PlayerState.ERROR
            session = self._session
        message = f"stream stalled: no data for {self._stall_timeout:g} s"
        self._fail(session, message)

    def _stop_input(self) -> None:
        """mp.stop() with libVLC's own events muted (caller holds the command lock)."""
        with self._lock:
            self._stopping = True
        try:
            self._mp.stop()
        finally:
            with self._lock:
                self._stopping = False

    def _settle_position(self) -> None:
        """Fold the interpolated time into the stored position (caller holds self._lock)."""
        self._pos = self._position_locked()
        self._pos_stamp = None

    def _position_locked(self) -> float:
        # Never clamped to libVLC's length: that may be a guess short of the real end.
        pos = self._pos
        if self._state is PlayerState.PLAYING and self._pos_stamp is not None:
            moved = pos + min(time.monotonic() - self._pos_stamp, 1.0) * self._rate
            # Between libVLC's reports the clock runs on, but not by itself past its length.
            length = self._duration
            pos = min(moved, length) if length is not None and length > pos else moved
        return clamp_position(pos, None)

    def _reset_progress(self, place: float) -> None:
        """Playback starts again from ``place`` (caller holds self._lock)."""
        self._played_from = self._real_pos = place
        self._first_time = None
        self._progressed = False
        self._seek_failed = False

    def _check_open(self) -> None:
        if self._closed:
            raise PlayerUnavailable("the player is closed")

    # -- commands --------------------------------------------------------------------------

    def play(self, source: str, *, start: float = 0.0, title: str = "") -> None:
        self._check_open()
        with self._cmd_lock:
            self._start(source, max(0.0, float(start)), title, probe_all=False)

    def _start(
        self,
        source: str,
        start: float,
        title: str,
        *,
        probe_all: bool,
        resume_to: float | None = None,
    ) -> None:
        """Open ``source`` (caller holds the command lock); with ``resume_to``, play from
        the start and seek there once libVLC has decoded a little."""
        with self._lock:
            self._session += 1
        self._stop_input()
        scheme = urlsplit(source).scheme.lower()
        if scheme in ("http", "https", "file"):
            media = self._instance.media_new_location(source)
        else:
            media = self._instance.media_new_path(os.fspath(Path(source).expanduser()))
        if media is None:
            raise PlayerUnavailable(f"libVLC cannot open {source}")
        if start > 0:
            media.add_option(f":start-time={start:.3f}")
        if self._user_agent:
            media.add_option(f":http-user-agent={self._user_agent}")
        media.add_option(":no-video")
        if probe_all:
            # "any" alone lets libVLC pick the demuxer from the Content-Type (audio/mpeg
            # forces the MP3 demuxer, without fallback); "any,any" probes every demuxer.
            media.add_option(":demux=any,any")
        old, self._media = self._media, media
        self._mp.set_media(media)
        if old is not None:
            with contextlib.suppress(Exception):
                old.release()
        with self._lock:
            self._source = source
            self._title = title
            self._start_pos = start
            self._probe_all = probe_all
            self._duration = None
            self._resume_to = resume_to
            self._retried = resume_to is not None
            self._resume_checked = False
            self._pos = resume_to if resume_to is not None else start
            self._reset_progress(self._pos)
            self._pos_stamp = None
            self._audio_es = False
            self._playing_seen = False
            self._time_seen = False
            self._want_pause = False
            self._pending_seek = None
            self._failed = False
            self._progress = time.monotonic()
            self._last_cache = -1.0
            self._last_time = -1
            self._log_mark = self._log.mark()
            self._volume_pending = True
            self._volume_tries = 0
            self._set_state(PlayerState.BUFFERING)
            session = self._session
        extra = " probing every demuxer" if probe_all else ""
        self._log.write(f"play {source} from {start:.1f} s{extra}")
        self._mp.set_rate(self._rate)
        self._mp.audio_set_volume(self._volume)
        # Reopened to resume: the start of the episode is not for the listener's ears.
        self._mp.audio_set_mute(resume_to is not None)
        if self._mp.play() == -1:
            with self._lock:
                self._failed = True
                self._state = PlayerState.ERROR
            self._later(session, lambda: self._fail(session, None))

    def pause(self) -> None:
        self._check_open()
        with self._cmd_lock:
            with self._lock:
                state = self._state
                if state is PlayerState.BUFFERING and not self._playing_seen:
                    self._want_pause = True
                    self._set_state(PlayerState.PAUSED)
                    return
                if state is not PlayerState.PLAYING and state is not PlayerState.BUFFERING:
                    return
                self._settle_position()
                self._set_state(PlayerState.PAUSED)
            self._mp.set_pause(1)

    def resume(self) -> None:
        self._check_open()
        with self._cmd_lock:
            with self._lock:
                state = self._state
                source, title = self._source, self._title
                if state is PlayerState.PAUSED:
                    if self._want_pause and not self._playing_seen:
                        self._want_pause = False
                        self._progress = time.monotonic()
                        self._set_state(PlayerState.BUFFERING)
                        return
                    self._want_pause = False
                    self._progress = time.monotonic()
                    self._pos_stamp = time.monotonic()
                    self._set_state(PlayerState.PLAYING)
                    resume_input = True
                else:
                    resume_input = False
                    start = 0.0 if state is PlayerState.ENDED else self._position_locked()
            if resume_input:
                self._mp.set_pause(0)
                return
            if state in (PlayerState.STOPPED, PlayerState.ERROR, PlayerState.ENDED) and source:
                self.play(source, start=start, title=title)

    def stop(self) -> None:
        self._check_open()
        with self._cmd_lock:
            with self._lock:
                self._session += 1
                self._settle_position()
                self._want_pause = False
                self._pending_seek = None
            self._stop_input()
            with self._lock:
                self._failed = False
                if self._state is not PlayerState.ENDED:
                    self._set_state(PlayerState.STOPPED)

    def seek(self, seconds: float) -> None:
        self._check_open()
        with self._cmd_lock:
            with self._lock:
                target = clamp_position(seconds, None)
                self._before_seek = self._real_pos if self._progressed else self._played_from
                self._resume_to = None
                self._pos = target
                self._reset_progress(target)
                state = self._state
                if state in (PlayerState.PLAYING, PlayerState.PAUSED) and self._playing_seen:
                    self._pos_stamp = time.monotonic() if state is PlayerState.PLAYING else None
                    self._progress = time.monotonic()
                    live = True
                else:
                    self._pos_stamp = None
                    live = False
                    if state in (PlayerState.BUFFERING, PlayerState.PAUSED):
                        self._pending_seek = target
                    elif state is PlayerState.ENDED:
                        self._set_state(PlayerState.STOPPED)
            if live:
                # libVLC's length of a stream can be an estimate (a VBR MP3 without a
                # header, read from its first frames) that falls short: the seek is not
                # clamped to it.
                self._mp.set_time(int(target * 1000))

    def set_rate(self, rate: float) -> None:
        self._check_open()
        rate = clamp_rate(rate)
        with self._cmd_lock:
            with self._lock:
                self._settle_position()
                self._rate = rate
                if self._state is PlayerState.PLAYING:
                    self._pos_stamp = time.monotonic()
            self._mp.set_rate(rate)

    def set_volume(self, volume: int) -> None:
        self._check_open()
        volume = clamp_volume(volume)
        with self._cmd_lock:
            with self._lock:
                self._volume = volume
            if self._mp.audio_set_volume(volume) != 0:
                with self._lock:
                    self._volume_pending = True
                    self._volume_tries = 0

    def close(self) -> None:
        with self._cmd_lock:
            if self._closed:
                return
            with self._lock:
                self._session += 1
            self._stop_input()
            self._closed = True
            self._mp.release()
            if self._media is not None:
                with contextlib.suppress(Exception):
                    self._media.release()
                self._media = None
            with contextlib.suppress(Exception):
                self._instance.log_unset()
            self._instance.release()
            self._log.hook = None
            with self._lock:
                if self._state is not PlayerState.STOPPED and self._state is not PlayerState.ENDED:
                    self._set_state(PlayerState.STOPPED)
        self._queue.put(_CLOSE)
        if threading.current_thread() is not self._thread:
            self._thread.join(2)
        self._log.close()
        _live_players.discard(self)

    # -- state -----------------------------------------------------------------------------

    @property
    def state(self) -> PlayerState:
        with self._lock:
            return self._state

    @property
    def position(self) -> float:
        with self._lock:
            return self._position_locked()

    @property
    def duration(self) -> float | None:
        with self._lock:
            return self._duration

    @property
    def rate(self) -> float:
        with self._lock:
            return self._rate

    @property
    def volume(self) -> int:
        with self._lock:
            return self._volume

    @property
    def source(self) -> str | None:
        with self._lock:
            return self._source

    @property
    def title(self) -> str:
        with self._lock:
            return self._title

    @property
    def stall_timeout(self) -> float:
        return self._stall_timeout

    def set_listener(self, listener: Listener | None) -> None:
        self._listener = listener

    def recent_log(self) -> list[str]:
        """libVLC's recent warnings and errors (for diagnostics)."""
        return [line.text for line in self._log.since(0)]
