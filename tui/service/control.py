"""What the service needs from a listening session, and the plain values it passes on.

The service drives a session only through :class:`Controls`; it sends clients the
:class:`Snapshot` and the events below as JSON. Everything here is plain data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any, Protocol

from tui.core.errors import PodtuiError
from tui.core.models import PlayerState, SleepMode

ACTIVE = frozenset({PlayerState.BUFFERING, PlayerState.PLAYING, PlayerState.PAUSED})


class AlreadyTold(PodtuiError):
    """A command failed and the session has already told its subscribers why."""


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Where the session stands."""

    state: PlayerState = PlayerState.STOPPED
    episode_id: int | None = None
    title: str = ""
    podcast: str = ""
    position: float = 0.0
    duration: float | None = None
    rate: float = 1.0
    volume: int = 100
    queue_length: int = 0
    url: str | None = None
    message: str | None = None  # why it stopped, when it stopped on a failure
    sleep: SleepMode = SleepMode.OFF  # the sleep timer
    sleep_remaining: float | None = None  # seconds of listening left (a TIMER)
    sleep_length: float | None = None  # the length chosen (a TIMER)

    @property
    def active(self) -> bool:
        return self.state in ACTIVE

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["state"] = self.state.value
        data["sleep"] = self.sleep.value
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Snapshot:
        """The inverse of :meth:`to_dict`; unknown keys (a newer service) are ignored."""
        known = {name: data[name] for name in cls.__dataclass_fields__ if name in data}
        known["state"] = PlayerState(known.get("state", PlayerState.STOPPED.value))
        try:
            known["sleep"] = SleepMode(known.get("sleep", SleepMode.OFF.value))
        except ValueError:  # a newer service's kind of timer
            known["sleep"] = SleepMode.OFF
        return cls(**known)


@dataclass(frozen=True, slots=True)
class Changed:
    """The state, the episode, the rate, the volume or the queue changed: see snapshot()."""


@dataclass(frozen=True, slots=True)
class Seeked:
    """The position jumped (a seek, a restart, a resume): where it is now."""

    position: float


@dataclass(frozen=True, slots=True)
class Notice:
    """Something to tell the listener, in one line (``error``: it went wrong)."""

    message: str
    error: bool = False


@dataclass(frozen=True, slots=True)
class Forwarded:
    """One of the listening session's own events, in its wire form (see
    :mod:`tui.service.events`), for clients that show everything the session says."""

    data: dict[str, Any]


SessionEvent = Changed | Seeked | Notice | Forwarded
Subscriber = Callable[[SessionEvent], None]


class Controls(Protocol):
    """The listening session as the service drives it. Every call is made on the service's
    event loop; subscribers are called there too."""

    def play(self, episode_id: int | None = None) -> None:
        """Play ``episode_id`` (resuming it), or with None: resume what is loaded, else the
        last episode listened to, else the queue's first. A PodtuiError says why not."""

    def play_from(self, episode_id: int, start: float) -> None:
        """Play ``episode_id`` from ``start`` seconds (a seek when it is loaded)."""

    def pause(self) -> None: ...

    def toggle(self) -> None: ...

    def stop(self) -> None: ...

    def next(self) -> None:
        """Leave the current episode where it is and play the queue's next one."""

    def restart(self) -> None: ...

    def seek(self, seconds: float, *, relative: bool = False) -> None: ...

    def chapter(self, direction: int) -> None:
        """To the next (``direction`` > 0) or the previous chapter."""

    def set_rate(self, rate: float, *, relative: bool = False) -> None: ...

    def set_volume(self, volume: int, *, relative: bool = False) -> None: ...

    def set_sleep(self, mode: SleepMode, seconds: float | None = None) -> None:
        """The sleep timer: pause after ``seconds`` of listening (TIMER), at the end of
        the episode (END), or never (OFF)."""

    def snapshot(self) -> Snapshot: ...

    def subscribe(self, subscriber: Subscriber) -> None: ...

    def save(self) -> None:
        """Write the position now."""

    def shutdown(self) -> None:
        """Save and close the player; nothing may be called afterwards."""
