"""Small parsed feeds to store in a library."""

from __future__ import annotations

from typing import Any

from tui.core.models import ParsedEpisode, ParsedFeed


def feed(*episodes: ParsedEpisode, title: str = "Show") -> ParsedFeed:
    return ParsedFeed(title=title, episodes=list(episodes))


def ep(title: str, guid: str | None = None, **kwargs: Any) -> ParsedEpisode:
    return ParsedEpisode(title=title, guid=guid, **kwargs)
