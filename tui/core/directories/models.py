"""What a directory is, how to reach it, and what it found."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

__all__ = [
    "DEFAULT_TIMEOUT",
    "Directory",
    "DirectoryFailure",
    "DirectorySettings",
    "FoundPodcast",
    "SearchOutcome",
]

DEFAULT_TIMEOUT = 15.0  # seconds for one directory's whole answer


class Directory(StrEnum):
    """A podcast directory podtui can ask."""

    ITUNES = "itunes"
    GPODDER = "gpodder"
    PODCASTINDEX = "podcastindex"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Directory.ITUNES: "iTunes",
    Directory.GPODDER: "gpodder.net",
    Directory.PODCASTINDEX: "Podcast Index",
}


@dataclass(frozen=True, slots=True)
class DirectorySettings:
    """Where each directory answers (base URLs), the Podcast Index credentials (it is
    asked only with both), and how long one directory may take."""

    itunes: str = "https://itunes.apple.com"
    gpodder: str = "https://gpodder.net"
    podcastindex: str = "https://api.podcastindex.org"
    podcastindex_key: str = ""
    podcastindex_secret: str = ""
    timeout: float = DEFAULT_TIMEOUT

    @property
    def podcastindex_enabled(self) -> bool:
        return bool(self.podcastindex_key and self.podcastindex_secret)

    def enabled(self) -> tuple[Directory, ...]:
        """The directories a search asks, in the order their results are merged."""
        if self.podcastindex_enabled:
            return (Directory.ITUNES, Directory.PODCASTINDEX, Directory.GPODDER)
        return (Directory.ITUNES, Directory.GPODDER)


@dataclass(frozen=True, slots=True)
class FoundPodcast:
    """One podcast a directory knows: every text cleaned, the feed URL http(s)."""

    title: str
    author: str
    feed_url: str
    directories: tuple[Directory, ...]
    episodes: int | None = None
    last_episode: date | None = None

    @property
    def directory_names(self) -> str:
        return ", ".join(directory.label for directory in self.directories)

    def episodes_text(self) -> str:
        """``93 episodes, last 2024-03-18``, or either part, or empty."""
        parts = []
        if self.episodes is not None:
            parts.append(f"{self.episodes:,} episode{'s' if self.episodes != 1 else ''}")
        if self.last_episode is not None:
            parts.append(f"last {self.last_episode.isoformat()}")
        return ", ".join(parts)

    def as_json(self) -> dict[str, object]:
        return {
            "title": self.title,
            "author": self.author,
            "episodes": self.episodes,
            "last_episode": self.last_episode.isoformat() if self.last_episode else None,
            "feed_url": self.feed_url,
            "directories": [directory.value for directory in self.directories],
        }


@dataclass(frozen=True, slots=True)
class DirectoryFailure:
    """One directory that did not answer usefully, in one line."""

    directory: Directory
    message: str

    def line(self) -> str:
        return f"{self.directory.label}: {self.message}"


@dataclass(slots=True)
class SearchOutcome:
    """Every directory's results merged, and the directories that failed."""

    results: list[FoundPodcast] = field(default_factory=list)
    failures: list[DirectoryFailure] = field(default_factory=list)
    asked: tuple[Directory, ...] = ()

    @property
    def answered(self) -> tuple[Directory, ...]:
        """The directories asked that did not fail."""
        failed = {failure.directory for failure in self.failures}
        return tuple(directory for directory in self.asked if directory not in failed)

    @property
    def all_failed(self) -> bool:
        return bool(self.asked) and len(self.failures) == len(self.asked)
