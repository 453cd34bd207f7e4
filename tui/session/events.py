"""What the listening session tells its subscribers: plain frozen dataclasses.

Every event carries plain values only (ids, text, numbers), so a subscriber may live in
another process. Subscribers are called on the session's loop, in the order things happen.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.core.feeds.chapters import Chapter
from tui.core.models import PlayerState, SleepMode


@dataclass(frozen=True, slots=True)
class NowPlaying:
    """An episode is loaded: started (``parked`` False) or offered paused at its saved place
    after a restart (``parked`` True: Space resumes it)."""

    episode_id: int
    title: str
    podcast: str
    position: float = 0.0
    duration: float | None = None
    parked: bool = False


@dataclass(frozen=True, slots=True)
class StateChanged:
    """The player's state changed (``message`` says why for an error)."""

    state: PlayerState
    message: str | None = None


@dataclass(frozen=True, slots=True)
class PlayerUpdated:
    """Something the player shows changed (position after a seek, rate, volume, length)."""


@dataclass(frozen=True, slots=True)
class PositionSaved:
    """The position of an episode was written; ``periodic`` for the timer's saves."""

    episode_id: int
    position: float
    periodic: bool = False


@dataclass(frozen=True, slots=True)
class EpisodeStatusChanged:
    """An episode's status changed in the library (None: that part did not change)."""

    episode_id: int
    played: bool | None = None
    queued: bool | None = None
    position: float | None = None


@dataclass(frozen=True, slots=True)
class EpisodeFinished:
    """An episode was played to its end: marked played, out of the queue."""

    episode_id: int
    following: int | None


@dataclass(frozen=True, slots=True)
class QueueChanged:
    """The queue's order changed (``before`` and ``after`` are episode ids in order)."""

    before: tuple[int, ...]
    after: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class ChaptersLoaded:
    """The chapters of the loaded episode are known."""

    episode_id: int
    chapters: tuple[Chapter, ...]


@dataclass(frozen=True, slots=True)
class PlaceKept:
    """The stream stopped before the episode's end (or a seek failed): the place is kept.
    ``short`` is a few words for a status line."""

    episode_id: int
    short: str


@dataclass(frozen=True, slots=True)
class PlaybackFailed:
    """The player reported an error for the loaded episode."""

    message: str


@dataclass(frozen=True, slots=True)
class NothingToPlay:
    """Play was asked with nothing loaded and an empty queue."""


@dataclass(frozen=True, slots=True)
class SleepTimerChanged:
    """The sleep timer was set, cancelled, held or let run again, or it went off.

    ``remaining``: seconds of listening left when the event was sent (None unless
    ``mode`` is TIMER); it counts down only while ``running`` (while an episode plays).
    ``length``: the length that was chosen. ``fired``: it has just paused playback (or
    stopped it at the episode's end) and is off again."""

    mode: SleepMode
    remaining: float | None = None
    length: float | None = None
    running: bool = False
    fired: bool = False


@dataclass(frozen=True, slots=True)
class Notice:
    """One line for the listener (``error`` for failures)."""

    message: str
    error: bool = False


SessionEvent = (
    NowPlaying
    | StateChanged
    | PlayerUpdated
    | PositionSaved
    | EpisodeStatusChanged
    | EpisodeFinished
    | QueueChanged
    | ChaptersLoaded
    | PlaceKept
    | PlaybackFailed
    | NothingToPlay
    | SleepTimerChanged
    | Notice
)


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The session's state at one moment (what a player service serves)."""

    state: PlayerState
    episode_id: int | None
    title: str
    podcast: str
    position: float
    duration: float | None
    rate: float
    volume: int
    queue: tuple[int, ...]
    sleep: SleepMode = SleepMode.OFF
    sleep_remaining: float | None = None  # seconds, for a TIMER
    sleep_length: float | None = None  # seconds chosen, for a TIMER
