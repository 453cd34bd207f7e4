"""App-level messages: workers report their results with these, and the app's services
tell the screens what changed. Widget-level messages live on their widgets."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from tui.core.library import Library
    from tui.core.models import Podcast
    from tui.core.search import EpisodeIndex
    from tui.core.subscriptions import RefreshSummary


@dataclass
class LibraryOpened(Message):
    """The library is open and its episode index built (posted from a thread)."""

    library: Library
    index: EpisodeIndex
    podcasts: list[Podcast]
    data_version: int | None = None  # Library.data_version read before the index


@dataclass
class LibraryFailed(Message):
    """The library cannot be opened; ``error`` is a one-line reason."""

    error: str


@dataclass
class LibraryChanged(Message):
    """Podcasts were added, removed or refreshed: the episode index must be rebuilt.

    ``select`` names a podcast to show once it is (None keeps the current one)."""

    select: int | None = None


@dataclass
class IndexRebuilt(Message):
    """A rebuilt episode index and the podcasts with their counts (posted from a thread)."""

    index: EpisodeIndex
    podcasts: list[Podcast]
    select: int | None = None


@dataclass
class PodcastsCounted(Message):
    """Fresh podcast counts (posted from a thread)."""

    podcasts: list[Podcast]


@dataclass
class RefreshFinished(Message):
    """A refresh of some (or all) podcasts is over."""

    summary: RefreshSummary
    podcast_ids: list[int] | None = None


@dataclass
class EpisodeChanged(Message):
    """Episodes' played state changed (``played`` is the new state)."""

    episode_ids: list[int] = field(default_factory=list)
    played: bool = True


# -- playback (tui/ui/playback.py) ----------------------------------------------------------


class PlaybackFailed(Message):
    """The player reported an error for the loaded episode."""

    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class QueueUpdated(Message):
    """The queue changed (a change asked for, or an episode finished and left it)."""


class EpisodeUpdated(Message):
    """Playback changed an episode in the library (finished it: played, out of the queue)."""

    def __init__(self, episode_id: int) -> None:
        super().__init__()
        self.episode_id = episode_id


@dataclass
class TranscriptKept(Message):
    """An episode's transcript was fetched and kept: the filter may find more."""

    episode_id: int
