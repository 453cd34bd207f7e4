"""The libVLC player's shared state and the work its thread does.

:class:`PlayerWork` holds what the commands (caller's thread), libVLC's callbacks (libVLC's
threads) and the player thread share, and the follow-up work the callbacks queue for the
player thread: the calls into libVLC they may not make themselves (stopping after an error
or the end, applying a pause or a seek asked for while the stream was opening, seeking to
a resume point), explaining failures, the stall watchdog and pushing the volume.
"""

from __future__ import annotations

import threading
import time
from abc import abstractmethod
from collections.abc import Callable
from dataclasses import dataclass

from tui.core.models import PlayerState
from tui.player.base import (
    DEFAULT_VOLUME,
    Listener,
    Player,
    PlayerError,
    PlayerEvent,
    PlayerUnavailable,
    StateChanged,
)
from tui.player.vlc.libvlc import VlcMediaPlayer, VlcModule
from tui.player.vlc.log import LogSink
from tui.player.vlc.playhead import Playhead
from tui.player.vlc.reasons import explain, forced_demux, no_audio_reason
from tui.player.vlc.worker import Worker

NO_AUDIO_OUTPUT = "no working audio output; podtui doctor says why and what to try"
DEFAULT_STALL_TIMEOUT = 20.0
VOLUME_TRIES = 250  # times the volume is pushed (every 20 ms) until the output accepts it
ACTIVE = (PlayerState.BUFFERING, PlayerState.PLAYING, PlayerState.PAUSED)


@dataclass(slots=True)
class Startup:
    """What libVLC has shown of the media opened last, and what waits for it to play."""

    audio_es: bool = False  # an audio track was found
    playing_seen: bool = False
    time_seen: bool = False  # the clock moved past 0
    want_pause: bool = False  # paused before it played: pause once it does
    pending_seek: float | None = None  # sought before it played: seek once it does

    def reset(self) -> None:
        self.audio_es = self.playing_seen = self.time_seen = self.want_pause = False
        self.pending_seek = None


class PlayerWork(Player):
    """The shared state and the player thread's work.

    :class:`tui.player.vlc.callbacks.PlayerCallbacks` adds libVLC's callbacks,
    :class:`tui.player.vlc.player.VlcPlayer` the commands. ``_lock`` guards the state
    and is never held over a libVLC call; ``_cmd_lock`` serialises libVLC calls made by
    podtui's threads.
    """

    def __init__(
        self,
        vlc: VlcModule,
        mp: VlcMediaPlayer,
        log: LogSink,
        stall_timeout: float,
        no_audio: str,
    ) -> None:
        self._vlc = vlc
        self._mp = mp
        self._log = log
        self._stall_timeout = stall_timeout
        self._no_audio = no_audio
        self._cmd_lock = threading.RLock()
        self._lock = threading.Lock()
        self._listener: Listener | None = None
        self._closed = False
        self._state = PlayerState.STOPPED
        self._announced = PlayerState.STOPPED  # what the listener was told last
        self._session = 0  # bumped by play() and stop(): late work for older sessions is dropped
        self._stopping = False  # our own mp.stop() is running: ignore libVLC's events
        self._failed = False
        self._source: str | None = None
        self._title = ""
        self._probe_all = False
        self._head = Playhead()
        self._startup = Startup()
        self._log_mark = 0
        self._progress = time.monotonic()  # the last sign of life, for the stall watchdog
        self._last_cache = -1.0
        self._volume = DEFAULT_VOLUME
        self._volume_pending = False
        self._volume_tries = 0
        self._worker = Worker(
            listener=lambda: self._listener,
            current=lambda session: session == self._session and not self._closed,
            tick=self._tick,
            fast=lambda: self._volume_pending,
            failed=self._worker_failed,
        )

    @abstractmethod
    def _reopen(self, session: int, source: str, start: float, title: str, probe_all: bool) -> None:
        """Open ``source`` again from 0 to seek to ``start`` (player thread)."""

    @abstractmethod
    def _retry_probing(self, session: int) -> None:
        """Open the source again, probing every demuxer (player thread)."""

    # -- plumbing (caller holds self._lock unless said otherwise) --------------------------

    def _later(self, session: int, task: Callable[[], None]) -> None:
        self._worker.later(session, task)

    def _emit(self, event: PlayerEvent) -> None:
        self._worker.deliver(event)

    def _set_state(self, state: PlayerState, message: str | None = None) -> bool:
        """Change the state and announce it unless the listener already knows it.
        Callbacks may set ``_state`` alone (ERROR while the player thread works out the
        message); ``_announced`` is what the listener saw."""
        self._state = state
        if self._announced is state and message is None:
            return False
        self._announced = state
        self._emit(StateChanged(state, message))
        return True

    def _position_locked(self) -> float:
        return self._head.position(self._state is PlayerState.PLAYING, time.monotonic())

    def _settle(self) -> None:
        self._head.settle(self._state is PlayerState.PLAYING, time.monotonic())

    def _fail_now(self) -> int:
        """The media failed; the player thread will say why. The session, to queue that."""
        self._failed = True
        self._state = PlayerState.ERROR
        return self._session

    def _check_open(self) -> None:
        if self._closed:
            raise PlayerUnavailable("the player is closed")

    def _worker_failed(self, exc: Exception) -> None:
        self._log.write(f"listener or task failed: {type(exc).__name__}: {exc}")

    # -- follow-up work (player thread) ----------------------------------------------------

    def _fail(self, session: int, message: str | None, *, no_audio: bool = False) -> None:
        with self._lock:
            mark, source, probe_all = self._log_mark, self._source, self._probe_all
        lines = self._log.since(mark)
        if message is None and not probe_all and source and forced_demux(lines):
            # The server's Content-Type made libVLC insist on one demuxer; try them all once.
            self._retry_probing(session)
            return
        if message is None:
            message = no_audio_reason(lines) if no_audio else explain(lines)
            message = message or "cannot play this stream"
        self._log.write(f"error playing {source}: {message}")
        with self._lock:
            if session != self._session:
                return
            self._set_state(PlayerState.ERROR, message)
            self._emit(PlayerError(source, message))
        with self._cmd_lock:
            if session != self._session or self._closed:
                return
            self._stop_input()
            with self._lock:
                self._head.stamp = None
                self._set_state(PlayerState.STOPPED)

    def _apply_resume(self) -> None:
        with self._cmd_lock:
            with self._lock:
                target = None if self._closed else self._head.take_resume()
            if target is not None:
                self._mp.set_time(int(target * 1000))
                self._mp.audio_set_mute(False)

    def _reseek_start(self) -> None:
        with self._cmd_lock:
            with self._lock:
                # None when playback went on, or the listener sought elsewhere meanwhile
                target = None if self._closed else self._head.take_reseek()
            if target is not None:
                self._log.write(f"libVLC corrected its length: seeking to {target:.1f} s again")
                self._mp.set_time(int(target * 1000))

    def _release_input(self) -> None:
        with self._cmd_lock:
            if not self._closed:
                self._stop_input()

    def _apply_pause(self) -> None:
        with self._cmd_lock:
            with self._lock:
                wanted, self._startup.want_pause = self._startup.want_pause, False
            if wanted and not self._closed:
                self._mp.set_pause(1)

    def _apply_seek(self) -> None:
        with self._cmd_lock:
            with self._lock:
                target, self._startup.pending_seek = self._startup.pending_seek, None
            if target is not None and not self._closed:
                self._mp.set_time(int(target * 1000))

    def _tick(self) -> None:
        self._watchdog()
        if self._volume_pending:
            self._push_volume()

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
                if self._state not in ACTIVE:
                    self._volume_pending = False  # play() tries again
                    return
                volume = self._volume
            accepted = self._mp.audio_set_volume(volume) == 0
            with self._lock:
                self._volume_tries += 1
                if (accepted and self._startup.playing_seen) or self._volume_tries > VOLUME_TRIES:
                    self._volume_pending = False

    def _watchdog(self) -> None:
        if self._stall_timeout <= 0:
            return
        with self._lock:
            if self._failed or self._stopping or self._state not in ACTIVE:
                return
            startup = self._startup
            if self._state is PlayerState.PAUSED and (
                startup.playing_seen or not startup.want_pause
            ):
                return
            if time.monotonic() - self._progress < self._stall_timeout:
                return
            session = self._fail_now()
        self._fail(session, f"stream stalled: no data for {self._stall_timeout:g} s")

    def _stop_input(self) -> None:
        """mp.stop() with libVLC's own events muted (caller holds the command lock)."""
        with self._lock:
            self._stopping = True
        try:
            self._mp.stop()
        finally:
            with self._lock:
                self._stopping = False
