"""The iTunes Search API: ``/search?media=podcast&term=...`` and ``/lookup?id=...``.

Both answer ``{"resultCount": N, "results": [...]}``; a podcast result names its feed
(``feedUrl``), title (``collectionName``), author (``artistName``), episode count
(``trackCount``) and latest release (``releaseDate``, ISO 8601). No key is needed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.core.directories.answers import (
    DirectoryError,
    endpoint,
    feed_url,
    get_json,
    items,
    text,
    when,
    whole,
)
from tui.core.directories.models import Directory, DirectorySettings, FoundPodcast

if TYPE_CHECKING:
    from tui.core.feeds.fetching import FeedFetcher

__all__ = ["lookup_feed", "search_itunes"]

LIMIT = 25


async def search_itunes(
    fetcher: FeedFetcher, settings: DirectorySettings, words: str
) -> list[FoundPodcast]:
    url = endpoint(
        settings.itunes, "/search", {"media": "podcast", "term": words, "limit": str(LIMIT)}
    )
    answer = await get_json(fetcher, url, timeout=settings.timeout)
    found = []
    for item in items(answer, "results"):
        feed = feed_url(item.get("feedUrl"))
        if feed is None:
            continue  # Apple lists some podcasts without their feed
        found.append(
            FoundPodcast(
                title=text(item.get("collectionName") or item.get("trackName")),
                author=text(item.get("artistName")),
                feed_url=feed,
                directories=(Directory.ITUNES,),
                episodes=whole(item.get("trackCount")),
                last_episode=when(item.get("releaseDate")),
            )
        )
    return found


async def lookup_feed(fetcher: FeedFetcher, settings: DirectorySettings, podcast_id: str) -> str:
    """The feed URL of the Apple Podcasts podcast ``podcast_id``."""
    url = endpoint(settings.itunes, "/lookup", {"id": podcast_id, "entity": "podcast"})
    answer = await get_json(fetcher, url, timeout=settings.timeout)
    results = items(answer, "results")
    if not results:
        raise DirectoryError(f"Apple Podcasts knows no podcast with id {podcast_id}")
    for item in results:
        feed = feed_url(item.get("feedUrl"))
        if feed is not None:
            return feed
    raise DirectoryError(f"Apple Podcasts gives no feed for the podcast with id {podcast_id}")
