"""Every enabled directory asked at once; one merged list, one line per failure.

The lists are merged turn by turn (each directory's first result, then each one's
second...), so every directory's best answers come first; a feed two directories name
appears once, with both names and whatever each knew (episode count, latest date).
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Awaitable, Callable, Sequence
from itertools import zip_longest
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from tui.core.directories.gpodder import search_gpodder
from tui.core.directories.itunes import search_itunes
from tui.core.directories.models import (
    Directory,
    DirectoryFailure,
    DirectorySettings,
    FoundPodcast,
    SearchOutcome,
)
from tui.core.directories.podcastindex import search_podcastindex
from tui.core.errors import PodtuiError
from tui.core.net.messages import seconds
from tui.core.text import clean_line

if TYPE_CHECKING:
    from tui.core.feeds.fetching import FeedFetcher

__all__ = ["merge", "search_directories"]

Searcher = Callable[["FeedFetcher", DirectorySettings, str], Awaitable[list[FoundPodcast]]]
SEARCHERS: dict[Directory, Searcher] = {
    Directory.ITUNES: search_itunes,
    Directory.GPODDER: search_gpodder,
    Directory.PODCASTINDEX: search_podcastindex,
}


async def _ask(
    directory: Directory, fetcher: FeedFetcher, settings: DirectorySettings, words: str
) -> list[FoundPodcast] | DirectoryFailure:
    try:
        # The deadline covers the whole exchange, waiting for a connection slot included.
        async with asyncio.timeout(settings.timeout + 1):
            return await SEARCHERS[directory](fetcher, settings, words)
    except PodtuiError as exc:
        return DirectoryFailure(directory, exc.message)
    except TimeoutError:
        return DirectoryFailure(directory, f"timed out after {seconds(settings.timeout)}")


async def search_directories(
    fetcher: FeedFetcher, settings: DirectorySettings, words: str
) -> SearchOutcome:
    """Ask every enabled directory for ``words`` concurrently."""
    words = clean_line(words)
    asked = settings.enabled()
    answers = await asyncio.gather(*(_ask(d, fetcher, settings, words) for d in asked))
    failures = [answer for answer in answers if isinstance(answer, DirectoryFailure)]
    lists = [answer for answer in answers if not isinstance(answer, DirectoryFailure)]
    return SearchOutcome(merge(lists), failures, asked)


def _key(url: str) -> str:
    """The same feed however a directory spells its URL (scheme, case, trailing slash)."""
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    return f"{parts.netloc.lower()}{path}?{parts.query}"


def merge(lists: Sequence[Sequence[FoundPodcast]]) -> list[FoundPodcast]:
    merged: dict[str, FoundPodcast] = {}
    for row in zip_longest(*lists):
        for found in row:
            if found is None:
                continue
            key = _key(found.feed_url)
            known = merged.get(key)
            if known is None:
                merged[key] = found
                continue
            directories = known.directories + tuple(
                d for d in found.directories if d not in known.directories
            )
            merged[key] = dataclasses.replace(
                known,
                directories=directories,
                title=known.title or found.title,
                author=known.author or found.author,
                episodes=known.episodes if known.episodes is not None else found.episodes,
                last_episode=known.last_episode or found.last_episode,
            )
    return list(merged.values())
