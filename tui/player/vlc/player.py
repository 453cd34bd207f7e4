"""The libVLC player.

Threads and rules:

* Commands (play, pause, seek, ...) run on the caller's thread and are serialised by a lock.
* libVLC reports through callbacks on its own threads (:mod:`tui.player.vlc.callbacks`).
  Those only record facts and queue work; they never call libVLC (libVLC is not re-entrant
  from its event handlers) and never call the listener directly.
* One player thread (:mod:`tui.player.vlc.worker`, "podtui-player") delivers every event to
  the listener, in order, runs the follow-up work that needs libVLC
  (:mod:`tui.player.vlc.work`) and the stall watchdog. The listener may therefore call the
  player's properties and even its commands without deadlocking libVLC.
* Where playback really is, apart from libVLC's clock, is kept by a
  :class:`tui.player.vlc.playhead.Playhead`.
* libVLC never writes to the terminal: its log goes through a callback to ``log_file`` (and a
  small in-memory ring used to explain errors), ALSA's own error printer is silenced, and the
  few lines libVLC prints with ``fprintf(stderr)`` while starting are captured. The app should
  also call :func:`tui.player.vlc.redirect_stderr` before starting, for anything native that
  still writes to fd 2.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import time
import weakref
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit

from tui import USER_AGENT, __version__
from tui.core.models import PlayerState
from tui.player.base import (
    Listener,
    PlayerUnavailable,
    clamp_position,
    clamp_rate,
    clamp_volume,
)
from tui.player.vlc.callbacks import PlayerCallbacks
from tui.player.vlc.discovery import libvlc_version
from tui.player.vlc.instance import new_instance
from tui.player.vlc.libvlc import VlcMedia, load_vlc
from tui.player.vlc.log import LogSink
from tui.player.vlc.work import DEFAULT_STALL_TIMEOUT, NO_AUDIO_OUTPUT

_live_players: weakref.WeakSet[VlcPlayer] = weakref.WeakSet()


@atexit.register
def _close_all() -> None:
    """libVLC threads must not call into Python once the interpreter is going away."""
    for player in list(_live_players):
        with contextlib.suppress(Exception):
            player.close()


class VlcPlayer(PlayerCallbacks):
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
        self._options = list(options)
        self._user_agent = user_agent
        log = LogSink(log_file, debug=debug_log)
        log.write(f"libVLC {libvlc_version()}, options: {' '.join(self._options)}")
        try:
            instance = new_instance(vlc, self._options, log)
        except PlayerUnavailable:
            log.close()
            raise
        with contextlib.suppress(Exception):
            instance.set_user_agent("podtui", user_agent)
            instance.set_app_id("org.podtui", __version__, "audio-x-generic")
        self._instance = instance
        self._media: VlcMedia | None = None
        no_audio = NO_AUDIO_OUTPUT + (f" (log: {log_file})" if log_file else "")
        super().__init__(vlc, instance.media_player_new(), log, float(stall_timeout), no_audio)
        self._attach()
        _live_players.add(self)

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
            self._probe_all = probe_all
            self._head.open(start, resume_to)
            self._startup.reset()
            self._failed = False
            self._progress = time.monotonic()
            self._last_cache = -1.0
            self._log_mark = self._log.mark()
            self._volume_pending = True
            self._volume_tries = 0
            self._set_state(PlayerState.BUFFERING)
            session = self._session
        extra = " probing every demuxer" if probe_all else ""
        self._log.write(f"play {source} from {start:.1f} s{extra}")
        self._mp.set_rate(self._head.rate)
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
                if state is PlayerState.BUFFERING and not self._startup.playing_seen:
                    self._startup.want_pause = True
                    self._set_state(PlayerState.PAUSED)
                    return
                if state is not PlayerState.PLAYING and state is not PlayerState.BUFFERING:
                    return
                self._settle()
                self._set_state(PlayerState.PAUSED)
            self._mp.set_pause(1)

    def resume(self) -> None:
        self._check_open()
        with self._cmd_lock:
            with self._lock:
                state = self._state
                source, title = self._source, self._title
                startup = self._startup
                start = 0.0
                if state is PlayerState.PAUSED:
                    now = time.monotonic()
                    self._progress = now
                    if startup.want_pause and not startup.playing_seen:
                        startup.want_pause = False
                        self._set_state(PlayerState.BUFFERING)
                        return
                    startup.want_pause = False
                    self._head.stamp = now
                    self._set_state(PlayerState.PLAYING)
                    resume_input = True
                else:
                    resume_input = False
                    if state is not PlayerState.ENDED:
                        start = self._position_locked()
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
                self._settle()
                self._startup.want_pause = False
                self._startup.pending_seek = None
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
                state = self._state
                startup = self._startup
                live = state in (PlayerState.PLAYING, PlayerState.PAUSED) and startup.playing_seen
                now = time.monotonic()
                self._head.seek(target, now if live and state is PlayerState.PLAYING else None)
                if live:
                    self._progress = now
                elif state in (PlayerState.BUFFERING, PlayerState.PAUSED):
                    startup.pending_seek = target
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
                self._settle()
                self._head.rate = rate
                if self._state is PlayerState.PLAYING:
                    self._head.stamp = time.monotonic()
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
                if self._state not in (PlayerState.STOPPED, PlayerState.ENDED):
                    self._set_state(PlayerState.STOPPED)
        self._worker.close()
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
            return self._head.length

    @property
    def rate(self) -> float:
        with self._lock:
            return self._head.rate

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

    # -- follow-up work that needs the commands (player thread) ----------------------------

    def _reopen(self, session: int, source: str, start: float, title: str, probe_all: bool) -> None:
        with self._cmd_lock:
            if session != self._session or self._closed:
                return
            self._start(source, 0.0, title, probe_all=probe_all, resume_to=start)

    def _retry_probing(self, session: int) -> None:
        with self._lock:
            source, title, start = self._source, self._title, self._head.start
        with self._cmd_lock:
            if session == self._session and not self._closed and source:
                self._start(source, start, title, probe_all=True)
