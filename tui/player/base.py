"""The narrow interface the app talks to, and the events a player sends back.

A player takes commands on the app's thread and reports what happens through one listener,
which may be called from any thread (libVLC's own threads included): the listener must only
hand the event over to the app's loop and must never call back into the player from there.
Events are small frozen dataclasses of plain values so a player can live in another process.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from tui.core.errors import PodtuiError
from tui.core.models import PlayerState

MIN_RATE = 0.5
MAX_RATE = 3.0
MIN_VOLUME = 0
MAX_VOLUME = 150
DEFAULT_VOLUME = 100


class PlayerUnavailable(PodtuiError):
    """No usable playback backend (libVLC missing or failing to start)."""


@dataclass(frozen=True, slots=True)
class StateChanged:
    state: PlayerState
    message: str | None = None


@dataclass(frozen=True, slots=True)
class EndReached:
    """The input stopped delivering audio: at the real end of the episode or not.

    ``position``: where playback really was (None if the player cannot tell); ``reported``:
    where the player's clock stood, which may be a length it guessed; ``length``: the length
    it gave at the end; ``played_through``: the stream was read to its end by continuous
    playback, without an error or a failed seek. The session (not the player) judges
    from these whether the episode is finished.
    """

    source: str
    position: float | None = None
    reported: float | None = None
    length: float | None = None
    played_through: bool = False


@dataclass(frozen=True, slots=True)
class PlayerError:
    source: str | None
    message: str


@dataclass(frozen=True, slots=True)
class DurationChanged:
    seconds: float


@dataclass(frozen=True, slots=True)
class SeekFailed:
    """A seek could not be done (a server without byte ranges): ``position`` is the place
    kept."""

    source: str
    position: float
    message: str


PlayerEvent = StateChanged | EndReached | PlayerError | DurationChanged | SeekFailed
Listener = Callable[[PlayerEvent], None]

_EVENT_TYPES: dict[str, Callable[..., PlayerEvent]] = {
    cls.__name__: cls
    for cls in (StateChanged, EndReached, PlayerError, DurationChanged, SeekFailed)
}


def event_to_dict(event: PlayerEvent) -> dict[str, Any]:
    """A JSON-ready dict for ``event`` (``{"type": "StateChanged", "state": "playing", ...}``)."""
    data = asdict(event)
    if isinstance(event, StateChanged):
        data["state"] = event.state.value
    return {"type": type(event).__name__, **data}


def event_from_dict(data: dict[str, Any]) -> PlayerEvent:
    """The inverse of :func:`event_to_dict`."""
    fields = dict(data)
    cls = _EVENT_TYPES[fields.pop("type")]
    if cls is StateChanged:
        fields["state"] = PlayerState(fields["state"])
    return cls(**fields)


def clamp_rate(rate: float) -> float:
    return min(MAX_RATE, max(MIN_RATE, float(rate)))


def clamp_volume(volume: int) -> int:
    return min(MAX_VOLUME, max(MIN_VOLUME, int(volume)))


def clamp_position(seconds: float, duration: float | None) -> float:
    seconds = max(0.0, float(seconds))
    if duration is not None and duration > 0:
        seconds = min(seconds, duration)
    return seconds


class Player(ABC):
    """Plays one source at a time. Commands are cheap and never block on the network."""

    # -- commands -------------------------------------------------------------------------

    @abstractmethod
    def play(self, source: str, *, start: float = 0.0, title: str = "") -> None:
        """Start ``source`` (an http(s) URL or a local path) at ``start`` seconds."""

    @abstractmethod
    def pause(self) -> None:
        """Pause if playing; otherwise nothing."""

    @abstractmethod
    def resume(self) -> None:
        """Resume if paused; otherwise nothing."""

    def toggle_pause(self) -> None:
        if self.state is PlayerState.PAUSED:
            self.resume()
        elif self.state in (PlayerState.PLAYING, PlayerState.BUFFERING):
            self.pause()

    @abstractmethod
    def stop(self) -> None:
        """Stop playback; the source is kept (``source`` still tells what was playing)."""

    @abstractmethod
    def seek(self, seconds: float) -> None:
        """Jump to ``seconds`` from the start (never before 0; a length the player only
        guessed does not limit it)."""

    def seek_by(self, delta: float) -> None:
        self.seek(self.position + delta)

    @abstractmethod
    def set_rate(self, rate: float) -> None:
        """Playback speed, clamped to 0.5..3.0, pitch kept."""

    @abstractmethod
    def set_volume(self, volume: int) -> None:
        """Volume in percent, clamped to 0..150."""

    @abstractmethod
    def close(self) -> None:
        """Stop and free everything; the player cannot be used afterwards."""

    # -- state ----------------------------------------------------------------------------

    @property
    @abstractmethod
    def state(self) -> PlayerState: ...

    @property
    @abstractmethod
    def position(self) -> float:
        """Seconds from the start of the source."""

    @property
    @abstractmethod
    def duration(self) -> float | None:
        """Length in seconds, None while unknown."""

    @property
    @abstractmethod
    def rate(self) -> float: ...

    @property
    @abstractmethod
    def volume(self) -> int: ...

    @property
    @abstractmethod
    def source(self) -> str | None: ...

    @property
    def title(self) -> str:
        return ""

    # -- events ---------------------------------------------------------------------------

    @abstractmethod
    def set_listener(self, listener: Listener | None) -> None:
        """Send every event to ``listener`` (from any thread); None to stop."""

    def __enter__(self) -> Player:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
