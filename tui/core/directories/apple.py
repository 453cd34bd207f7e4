"""Web addresses that stand for a podcast without being its feed, read without fetching.

``apple_podcast_id`` reads the id of ``https://podcasts.apple.com/us/podcast/name/id123``
(the iTunes lookup then names its feed); a :class:`FeedLink` is a feed a web page links to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

__all__ = ["FeedLink", "apple_podcast_id"]

_APPLE_HOSTS = ("podcasts.apple.com", "itunes.apple.com")
_APPLE_ID = re.compile(r"/id(\d{1,15})(?:/|$)")


@dataclass(frozen=True, slots=True)
class FeedLink:
    """A feed a page links to: its URL and the page's title for it (maybe empty)."""

    url: str
    title: str = ""

    def line(self) -> str:
        return f"{self.title}: {self.url}" if self.title else self.url


def apple_podcast_id(url: str) -> str | None:
    """The podcast id of an Apple Podcasts (or old iTunes) podcast URL, else None."""
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https"):
        return None
    if not any(host == name or host.endswith("." + name) for name in _APPLE_HOSTS):
        return None
    found = _APPLE_ID.search(parts.path)
    if found is not None:
        return found.group(1)
    query_id = re.fullmatch(r"(?:.*&)?id=(\d{1,15})(?:&.*)?", parts.query)
    return query_id.group(1) if query_id else None
