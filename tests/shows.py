"""A small podcast in a real SQLite library, for the session's and the app's playback tests."""

from __future__ import annotations

import calendar
from pathlib import Path

from tui.core.library import Library
from tui.core.models import ParsedEpisode, ParsedFeed

BASE = "http://127.0.0.1:9"  # never fetched: the enclosures only have to be URLs


def episode(number: int, **fields) -> ParsedEpisode:
    values = {
        "title": f"Episode {number}",
        "guid": f"ep-{number}",
        "published": calendar.timegm((2024, 1, number, 8, 0, 0, 0, 0, 0)),
        "duration": 600,
        "enclosure_url": f"{BASE}/ep{number}.mp3",
    }
    values.update(fields)
    return ParsedEpisode(**values)


def make_library(root: Path, episodes: list[ParsedEpisode]) -> Library:
    library = Library.open(root)
    podcast = library.subscribe("https://example.com/feed.xml")
    library.store_feed(podcast.id, ParsedFeed(title="The Show", episodes=episodes))
    return library


def ids(library: Library) -> dict[str, int]:
    """guid -> episode id."""
    return {e.guid: e.id for e in library.episodes()}
