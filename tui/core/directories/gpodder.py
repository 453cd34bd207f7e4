"""gpodder.net's podcast search: ``/search.json?q=...``.

The answer is a JSON list of podcasts: ``url`` (the feed), ``title``, ``author``,
``description``, ``website``, ``subscribers``, ``logo_url``... but no episode count or date.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.core.directories.answers import endpoint, feed_url, get_json, items, text
from tui.core.directories.models import Directory, DirectorySettings, FoundPodcast

if TYPE_CHECKING:
    from tui.core.feeds.fetching import FeedFetcher

__all__ = ["search_gpodder"]


async def search_gpodder(
    fetcher: FeedFetcher, settings: DirectorySettings, words: str
) -> list[FoundPodcast]:
    url = endpoint(settings.gpodder, "/search.json", {"q": words})
    answer = await get_json(fetcher, url, timeout=settings.timeout)
    found = []
    for item in items(answer, None):
        feed = feed_url(item.get("url"))
        if feed is not None:
            found.append(
                FoundPodcast(
                    title=text(item.get("title")),
                    author=text(item.get("author")),
                    feed_url=feed,
                    directories=(Directory.GPODDER,),
                )
            )
    return found
