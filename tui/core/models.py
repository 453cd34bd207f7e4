"""Plain data shared by the parser, the library, the player and the UI."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum, StrEnum


@dataclass(slots=True)
class ParsedEpisode:
    """One item of a feed as the parser understood it (all text already cleaned)."""

    title: str
    guid: str | None = None
    published: int | None = None  # Unix seconds, UTC
    duration: int | None = None  # whole seconds
    enclosure_url: str | None = None
    enclosure_type: str | None = None
    enclosure_length: int | None = None
    link: str | None = None
    notes: str = ""  # sanitised HTML (or plain text) show notes
    image: str | None = None
    episode_number: int | None = None
    season_number: int | None = None
    episode_type: str | None = None  # full | trailer | bonus
    explicit: bool | None = None
    chapters_url: str | None = None
    chapters_type: str | None = None
    transcript_url: str | None = None
    transcript_type: str | None = None


@dataclass(slots=True)
class ParsedFeed:
    """A whole feed as the parser understood it."""

    title: str
    link: str | None = None
    description: str = ""
    author: str | None = None
    image: str | None = None
    language: str | None = None
    podcast_guid: str | None = None
    new_url: str | None = None  # itunes:new-feed-url
    episodes: list[ParsedEpisode] = field(default_factory=list)


@dataclass(slots=True)
class Podcast:
    id: int
    url: str
    title: str
    link: str | None = None
    description: str = ""
    author: str | None = None
    image: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    last_checked: int | None = None
    last_error: str | None = None
    episode_count: int = 0
    unplayed_count: int = 0


@dataclass(slots=True)
class Episode:
    id: int
    podcast_id: int
    podcast: str  # the podcast's title
    title: str
    guid: str
    published: int | None = None
    duration: int | None = None
    enclosure_url: str | None = None
    enclosure_type: str | None = None
    enclosure_length: int | None = None
    link: str | None = None
    image: str | None = None
    episode_number: int | None = None
    season_number: int | None = None
    episode_type: str | None = None
    explicit: bool | None = None
    chapters_url: str | None = None
    chapters_type: str | None = None
    transcript_url: str | None = None
    transcript_type: str | None = None
    played: bool = False
    position: float = 0.0
    queue_position: int | None = None  # 0-based place in the queue, None if not queued
    download_path: str | None = None
    notes: str | None = None  # loaded on demand

    @property
    def queued(self) -> bool:
        return self.queue_position is not None

    @property
    def downloaded(self) -> bool:
        return self.download_path is not None

    @property
    def in_progress(self) -> bool:
        return not self.played and self.position > 0

    @property
    def play_state(self) -> PlayState:
        if self.played:
            return PlayState.PLAYED
        return PlayState.STARTED if self.position > 0 else PlayState.NEW


class PlayState(StrEnum):
    """How far an episode was listened to."""

    NEW = "new"  # never started (or marked unplayed)
    STARTED = "started"  # a place is kept
    PLAYED = "played"  # finished, or marked played


class DownloadState(StrEnum):
    """Where one download stands."""

    QUEUED = "queued"  # waiting for a free slot
    ACTIVE = "downloading"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


class SourceStatus(StrEnum):
    """What adding or refreshing one feed did."""

    ADDED = "added"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    FAILED = "failed"
    CHOOSE = "choose"  # a web page names several feeds: the user picks one


class PlayerState(Enum):
    STOPPED = "stopped"
    BUFFERING = "buffering"
    PLAYING = "playing"
    PAUSED = "paused"
    ENDED = "ended"
    ERROR = "error"


class SleepMode(StrEnum):
    """The sleep timer: off, counting down a length of listening, or the episode's end."""

    OFF = "off"
    TIMER = "timer"
    END = "end"


class ActionKind(StrEnum):
    """An episode action of the gpodder API (as sent and stored)."""

    PLAY = "play"  # with started, position and total (seconds)
    DOWNLOAD = "download"
    DELETE = "delete"
    NEW = "new"  # marked unplayed


@dataclass(slots=True)
class EpisodeAction:
    """One episode action as the gpodder API carries it; ``timestamp`` in Unix seconds."""

    podcast: str
    episode: str
    action: ActionKind
    timestamp: int
    guid: str | None = None
    started: int | None = None
    position: int | None = None
    total: int | None = None
