"""Podcast Index: ``/api/1.0/search/byterm?q=...``, with its request authorisation.

Every request carries ``User-Agent``, ``X-Auth-Key`` (the API key), ``X-Auth-Date`` (Unix
seconds, a whole number) and ``Authorization``: the lower-case hex SHA-1 of key, secret
and date concatenated. The answer is ``{"status": "true", "feeds": [...], "count": N}``;
a feed has ``url``, ``title``, ``author``, ``episodeCount`` and ``newestItemPubdate``
(Unix seconds).
"""

from __future__ import annotations

import hashlib
import time
from typing import TYPE_CHECKING

from tui import USER_AGENT
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
from tui.core.errors import FetchError

if TYPE_CHECKING:
    from tui.core.feeds.fetching import FeedFetcher

__all__ = ["auth_headers", "search_podcastindex"]

LIMIT = 25
CREDENTIALS = "check directories.podcastindex_key and podcastindex_secret in the config"


def auth_headers(key: str, secret: str, now: float | None = None) -> dict[str, str]:
    stamp = str(int(time.time() if now is None else now))
    digest = hashlib.sha1((key + secret + stamp).encode("utf-8")).hexdigest()
    return {
        "User-Agent": USER_AGENT,
        "X-Auth-Key": key,
        "X-Auth-Date": stamp,
        "Authorization": digest,
    }


async def search_podcastindex(
    fetcher: FeedFetcher, settings: DirectorySettings, words: str
) -> list[FoundPodcast]:
    url = endpoint(settings.podcastindex, "/api/1.0/search/byterm", {"q": words, "max": str(LIMIT)})
    headers = auth_headers(settings.podcastindex_key, settings.podcastindex_secret)
    try:
        answer = await get_json(fetcher, url, timeout=settings.timeout, headers=headers)
    except FetchError as exc:
        if exc.message.startswith(("HTTP 401", "HTTP 403")):
            raise DirectoryError(f"{exc.message} ({CREDENTIALS})") from None
        raise
    if isinstance(answer, dict) and str(answer.get("status", "true")).lower() == "false":
        reason = text(answer.get("description")) or "the search was refused"
        raise DirectoryError(reason[:120])
    found = []
    for item in items(answer, "feeds"):
        feed = feed_url(item.get("url"))
        if feed is not None:
            found.append(
                FoundPodcast(
                    title=text(item.get("title")),
                    author=text(item.get("author") or item.get("ownerName")),
                    feed_url=feed,
                    directories=(Directory.PODCASTINDEX,),
                    episodes=whole(item.get("episodeCount")),
                    last_episode=when(item.get("newestItemPubdate")),
                )
            )
    return found
