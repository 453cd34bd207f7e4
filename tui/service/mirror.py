"""What the app's player bar reads when the player is in the service: a copy of its state,
kept from the service's pushes (the position once a second while it plays). The position
is not carried forward in between: corrections back and forth would repaint the clock more
often than the pushes do, which over SSH is bytes for nothing."""

from __future__ import annotations

from tui.core.models import PlayerState
from tui.player.base import Listener, Player
from tui.service.control import Snapshot


class MirrorPlayer(Player):
    """A read-only Player: its commands do nothing (the session sends them to the service);
    its state is what the service last said."""

    def __init__(self) -> None:
        self._state = PlayerState.STOPPED
        self._position = 0.0
        self._duration: float | None = None
        self._rate = 1.0
        self._volume = 100
        self._source: str | None = None

    # -- updates from the service --------------------------------------------------------

    def update(self, snapshot: Snapshot) -> None:
        self._state = snapshot.state
        self._position = snapshot.position
        self._duration = snapshot.duration
        self._rate, self._volume = snapshot.rate, snapshot.volume
        if snapshot.active and snapshot.url:
            self._source = snapshot.url

    def set_state(self, state: PlayerState) -> None:
        self._state = state

    def load(self, source: str | None, position: float, duration: float | None) -> None:
        self._source = source
        self._position = position
        self._duration = duration

    # -- Player ---------------------------------------------------------------------------

    def play(self, source: str, *, start: float = 0.0, title: str = "") -> None:
        pass

    def pause(self) -> None:
        pass

    def resume(self) -> None:
        pass

    def stop(self) -> None:
        pass

    def seek(self, seconds: float) -> None:
        pass

    def set_rate(self, rate: float) -> None:
        pass

    def set_volume(self, volume: int) -> None:
        pass

    def close(self) -> None:
        pass

    def set_listener(self, listener: Listener | None) -> None:
        pass

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
