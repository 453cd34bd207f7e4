"""What fetching a feed gives, and what both fetchers offer (fetch.py, light.py)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

__all__ = ["FEED_ACCEPT", "FeedFetcher", "FetchResult"]

FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8"
)


@dataclass(slots=True)
class FetchResult:
    url: str  # the URL finally fetched (after redirects)
    status: int  # 200 or 304
    content: bytes | None  # None when not modified
    etag: str | None
    last_modified: str | None
    # The new URL to store when every redirect hop from the requested URL was 301/308.
    permanent_url: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class FeedFetcher(Protocol):
    """Fetches feeds and other small documents: the shared client (``Fetcher``) or the
    light one for one-shot commands (``LightFetcher``)."""

    async def fetch_feed(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str = FEED_ACCEPT,
        headers: Mapping[str, str] | None = None,
        what: str = "feed",
        deadline: float | None = None,
        max_bytes: int | None = None,
    ) -> FetchResult: ...

    async def aclose(self) -> None: ...
