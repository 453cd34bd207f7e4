"""A player that plays nothing: a deterministic stand-in for UI tests that are not about audio.

Time only moves when the test calls :meth:`InMemoryPlayer.advance`. Events are delivered
synchronously on the calling thread, in the same order and with the same states as
:class:`tui.player.vlc.VlcPlayer` sends them.
"""

from __future__ import annotations

from collections.abc import Mapping

from tui.core.models import PlayerState
from tui.player.base import (
    DEFAULT_VOLUME,
    DurationChanged,
    EndReached,
    Listener,
    Player,
    PlayerError,
    PlayerEvent,
    PlayerUnavailable,
    StateChanged,
    clamp_position,
    clamp_rate,
    clamp_volume,
)


class InMemoryPlayer(Player):
    """Simulated playback with a manual clock.

    ``durations`` gives a length per source (else ``default_duration``; None means unknown);
    ``errors`` makes a source fail with that message as soon as it starts; ``startup`` is how
    many simulated seconds a source stays BUFFERING before it plays (0: it plays at once).
    ``calls`` records every command, for tests that check what the UI asked for.
    """

    def __init__(
        self,
        *,
        durations: Mapping[str, float | None] | None = None,
        default_duration: float | None = 60.0,
        errors: Mapping[str, str] | None = None,
        startup: float = 0.0,
    ) -> None:
        self.durations: dict[str, float | None] = dict(durations or {})
        self.default_duration = default_duration
        self.errors: dict[str, str] = dict(errors or {})
        self.startup = max(0.0, startup)
        self.calls: list[tuple[object, ...]] = []
        self.events: list[PlayerEvent] = []
        self._listener: Listener | None = None
        self._closed = False
        self._state = PlayerState.STOPPED
        self._source: str | None = None
        self._title = ""
        self._duration: float | None = None
        self._position = 0.0
        self._rate = 1.0
        self._volume = DEFAULT_VOLUME
        self._startup_left = 0.0
        self._want_pause = False
        self._pending_seek: float | None = None

    # -- plumbing --------------------------------------------------------------------------

    def _emit(self, event: PlayerEvent) -> None:
        self.events.append(event)
        if self._listener is not None:
            self._listener(event)

    def _set_state(self, state: PlayerState, message: str | None = None) -> None:
        if self._state is state and message is None:
            return
        self._state = state
        self._emit(StateChanged(state, message))

    def _check_open(self) -> None:
        if self._closed:
            raise PlayerUnavailable("the player is closed")

    def _started(self) -> None:
        """The simulated stream finished opening."""
        if self._duration is not None:
            self._emit(DurationChanged(self._duration))
        if self._pending_seek is not None:
            self._position = clamp_position(self._pending_seek, self._duration)
            self._pending_seek = None
        if self._want_pause:
            self._want_pause = False
            self._set_state(PlayerState.PAUSED)
        else:
            self._set_state(PlayerState.PLAYING)

    # -- the simulated clock ---------------------------------------------------------------

    def advance(self, seconds: float) -> None:
        """Let ``seconds`` of wall-clock time pass."""
        self._check_open()
        left = max(0.0, float(seconds))
        if self._state is PlayerState.BUFFERING or (
            self._state is PlayerState.PAUSED and self._want_pause
        ):
            used = min(left, self._startup_left)
            self._startup_left -= used
            left -= used
            if self._startup_left > 0:
                return
            self._started()
        if self._state is not PlayerState.PLAYING or left <= 0:
            return
        self._position += left * self._rate
        if self._duration is not None and self._position >= self._duration:
            self._position = self._duration
            self._set_state(PlayerState.ENDED)
            self._emit(
                EndReached(
                    self._source or "",
                    position=self._duration,
                    reported=self._duration,
                    length=self._duration,
                    played_through=True,
                )
            )

    def cut(self, reported: float, *, length: float | None = None) -> None:
        """Simulate the input ending early (a seek past a guessed length, a dropped
        stream): the player stops where it was and reports the clock at ``reported``."""
        self._check_open()
        if self._state not in (PlayerState.BUFFERING, PlayerState.PLAYING, PlayerState.PAUSED):
            return
        self._emit(
            EndReached(
                self._source or "",
                position=self._position,
                reported=reported,
                length=length if length is not None else reported,
                played_through=False,
            )
        )
        self._set_state(PlayerState.STOPPED)
        self._want_pause = False

    def fail(self, message: str) -> None:
        """Simulate a playback error on the current source."""
        self._check_open()
        if self._state not in (PlayerState.BUFFERING, PlayerState.PLAYING, PlayerState.PAUSED):
            return
        self._set_state(PlayerState.ERROR, message)
        self._emit(PlayerError(self._source, message))
        self._want_pause = False
        self._set_state(PlayerState.STOPPED)

    # -- commands --------------------------------------------------------------------------

    def play(self, source: str, *, start: float = 0.0, title: str = "") -> None:
        self._check_open()
        self.calls.append(("play", source, start, title))
        self._source = source
        self._title = title
        self._duration = self.durations.get(source, self.default_duration)
        self._position = clamp_position(start, self._duration)
        self._want_pause = False
        self._pending_seek = None
        self._startup_left = self.startup
        self._set_state(PlayerState.BUFFERING)
        if source in self.errors:
            self.fail(self.errors[source])
            return
        if self.startup <= 0:
            self._started()

    def pause(self) -> None:
        self._check_open()
        self.calls.append(("pause",))
        if self._state is PlayerState.BUFFERING:
            self._want_pause = True
            self._set_state(PlayerState.PAUSED)
        elif self._state is PlayerState.PLAYING:
            self._set_state(PlayerState.PAUSED)

    def resume(self) -> None:
        self._check_open()
        self.calls.append(("resume",))
        state = self._state
        if state is PlayerState.PAUSED:
            if self._want_pause:
                self._want_pause = False
                self._set_state(PlayerState.BUFFERING)
            else:
                self._set_state(PlayerState.PLAYING)
        elif state in (PlayerState.STOPPED, PlayerState.ERROR, PlayerState.ENDED) and self._source:
            start = 0.0 if state is PlayerState.ENDED else self._position
            self.play(self._source, start=start, title=self._title)

    def stop(self) -> None:
        self._check_open()
        self.calls.append(("stop",))
        self._want_pause = False
        self._pending_seek = None
        if self._state is not PlayerState.ENDED:
            self._set_state(PlayerState.STOPPED)

    def seek(self, seconds: float) -> None:
        self._check_open()
        self.calls.append(("seek", seconds))
        target = clamp_position(seconds, self._duration)
        self._position = target
        if self._state is PlayerState.BUFFERING or (
            self._state is PlayerState.PAUSED and self._want_pause
        ):
            self._pending_seek = target
        elif self._state is PlayerState.ENDED:
            self._set_state(PlayerState.STOPPED)

    def set_rate(self, rate: float) -> None:
        self._check_open()
        self.calls.append(("set_rate", rate))
        self._rate = clamp_rate(rate)

    def set_volume(self, volume: int) -> None:
        self._check_open()
        self.calls.append(("set_volume", volume))
        self._volume = clamp_volume(volume)

    def close(self) -> None:
        if self._closed:
            return
        self.calls.append(("close",))
        if self._state not in (PlayerState.STOPPED, PlayerState.ENDED):
            self._set_state(PlayerState.STOPPED)
        self._closed = True

    # -- state -----------------------------------------------------------------------------

    @property
    def state(self) -> PlayerState:
        return self._state

    @property
    def position(self) -> float:
        return self._position

    @property
    def duration(self) -> float | None:
        return self._duration

    @property
    def rate(self) -> float:
        return self._rate

    @property
    def volume(self) -> int:
        return self._volume

    @property
    def source(self) -> str | None:
        return self._source

    @property
    def title(self) -> str:
        return self._title

    @property
    def closed(self) -> bool:
        return self._closed

    def set_listener(self, listener: Listener | None) -> None:
        self._listener = listener
