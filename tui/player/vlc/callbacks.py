"""libVLC's reports: the handlers libVLC calls on its own threads.

Each records facts under the lock and queues events and follow-up work for the player
thread, then returns. None calls libVLC (libVLC is not re-entrant from its event
handlers), calls the listener, or lets an exception escape (python-vlc would print it on
the terminal).
"""

from __future__ import annotations

import contextlib
import time

from tui.core.models import PlayerState
from tui.player.base import DurationChanged, EndReached, SeekFailed
from tui.player.vlc.libvlc import (
    EventHandler,
    LibvlcEvent,
    VlcEvent,
    attach,
)
from tui.player.vlc.log import LogLevel, LogLine
from tui.player.vlc.playhead import Reopen
from tui.player.vlc.work import ACTIVE, PlayerWork

CANNOT_SEEK = "the server cannot seek in this stream"
ES_AUDIO = 0  # libvlc_track_audio


class PlayerCallbacks(PlayerWork):
    """Attaches the handlers to the media player and its log."""

    def _attach(self) -> None:
        self._log.hook = self._on_log_line
        handlers: dict[LibvlcEvent, EventHandler] = {
            LibvlcEvent.OPENING: self._on_opening,
            LibvlcEvent.BUFFERING: self._on_buffering,
            LibvlcEvent.PLAYING: self._on_playing,
            LibvlcEvent.PAUSED: self._on_paused,
            LibvlcEvent.STOPPED: self._on_stopped,
            LibvlcEvent.END_REACHED: self._on_end,
            LibvlcEvent.ERROR: self._on_error,
            LibvlcEvent.LENGTH_CHANGED: self._on_length,
            LibvlcEvent.TIME_CHANGED: self._on_time,
            LibvlcEvent.ES_ADDED: self._on_es_added,
        }
        self._events = self._mp.event_manager()
        for kind, handler in handlers.items():
            attach(self._vlc, self._events, kind, _guarded(handler))

    # -- libVLC callbacks (libVLC threads: record and queue only) --------------------------

    def _on_opening(self, event: VlcEvent) -> None:
        with self._lock:
            self._progress = time.monotonic()

    def _on_buffering(self, event: VlcEvent) -> None:
        cache = float(event.u.new_cache)
        with self._lock:
            if cache != self._last_cache:
                self._last_cache = cache
                self._progress = time.monotonic()

    def _on_playing(self, event: VlcEvent) -> None:
        with self._lock:
            if self._stopping or self._failed:
                return
            now = self._progress = time.monotonic()
            startup = self._startup
            first = not startup.playing_seen
            startup.playing_seen = True
            if startup.want_pause:
                self._later(self._session, self._apply_pause)
            else:
                self._set_state(PlayerState.PLAYING)
            if self._head.stamp is None or first:
                self._head.stamp = now
            if startup.pending_seek is not None:
                self._later(self._session, self._apply_seek)

    def _on_paused(self, event: VlcEvent) -> None:
        with self._lock:
            if self._stopping or self._failed:
                return
            self._settle()
            self._set_state(PlayerState.PAUSED)

    def _on_stopped(self, event: VlcEvent) -> None:
        with self._lock:
            if self._stopping or self._failed:
                return
            if self._state in (PlayerState.ENDED, PlayerState.ERROR, PlayerState.STOPPED):
                return
            self._settle()
            self._set_state(PlayerState.STOPPED)

    def _on_end(self, event: VlcEvent) -> None:
        with self._lock:
            if self._stopping or self._failed:
                return
            startup = self._startup
            if not startup.audio_es or not (startup.time_seen or (self._head.length or 0) > 0):
                session = self._fail_now()
                self._later(session, lambda: self._fail(session, None, no_audio=True))
                return
            session = self._session
            playing = self._state is PlayerState.PLAYING
            end = self._head.on_end(playing, time.monotonic())
            if isinstance(end, Reopen):
                # Ended at once: the resume point lies past libVLC's length guess.
                source, title, probe_all = self._source or "", self._title, self._probe_all
                length = self._head.length
                self._log.write(f"ended before {end.start:.1f} s (length {length}): reopening")
                start = end.start
                self._later(session, lambda: self._reopen(session, source, start, title, probe_all))
                return
            if end.played_through:
                self._set_state(PlayerState.ENDED)
            # Before any STOPPED: the listener must not save the place of an early end.
            self._emit(
                EndReached(
                    self._source or "",
                    position=end.position,
                    reported=end.reported,
                    length=end.length,
                    played_through=end.played_through,
                )
            )
            if not end.played_through:
                self._set_state(PlayerState.STOPPED)
            self._later(session, self._release_input)

    def _on_error(self, event: VlcEvent) -> None:
        with self._lock:
            if self._stopping or self._failed:
                return
            self._settle()
            session = self._fail_now()
            self._later(session, lambda: self._fail(session, None))

    def _on_length(self, event: VlcEvent) -> None:
        ms = int(event.u.new_length)
        with self._lock:
            if self._stopping or ms <= 0:
                return
            news = self._head.on_length(ms / 1000.0)
            if news.changed:
                self._emit(DurationChanged(ms / 1000.0))
            if news.reseek:
                self._later(self._session, self._reseek_start)

    def _on_time(self, event: VlcEvent) -> None:
        ms = int(event.u.new_time)
        with self._lock:
            if self._stopping:
                return
            now = time.monotonic()
            if ms != self._head.clock_ms:
                self._progress = now
            if ms > 0:
                self._startup.time_seen = True
            if self._head.on_time(ms, now):
                self._later(self._session, self._apply_resume)

    def _on_es_added(self, event: VlcEvent) -> None:
        # python-vlc's Event.u lacks the es_changed member; its first field (i_type) shares
        # the union's first four bytes with meta_type.
        if int(event.u.meta_type) == ES_AUDIO:
            with self._lock:
                self._startup.audio_es = True

    def _on_log_line(self, line: LogLine) -> None:
        if line.level < LogLevel.ERROR:
            return
        if "cannot seek" in line.text:
            self._cannot_seek()
            return
        if "failed to create audio output" not in line.text:
            return
        with self._lock:
            if self._stopping or self._failed or self._state not in ACTIVE:
                return
            session = self._fail_now()
        self._later(session, lambda: self._fail(session, self._no_audio))

    def _cannot_seek(self) -> None:
        """libVLC gave up a seek (a server without byte ranges): keep the place it left."""
        with self._lock:
            if self._stopping or self._failed or self._state not in ACTIVE:
                return
            kept = self._head.on_seek_refused()
            if kept is not None:
                self._emit(SeekFailed(self._source or "", kept, CANNOT_SEEK))


def _guarded(handler: EventHandler) -> EventHandler:
    def call(event: VlcEvent) -> None:
        with contextlib.suppress(BaseException):  # python-vlc would print it
            handler(event)

    return call
