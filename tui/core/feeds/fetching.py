"""What fetching a feed gives, and what both fetchers offer (fetch.py, light.py)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from tui import USER_AGENT

__all__ = ["FEED_ACCEPT", "FeedFetcher", "FetchLimits", "FetchResult"]

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


class FetchLimits:
    """The settings both fetchers take, checked: connect and read timeouts, the deadline
    per feed, the size cap, how many redirects, and how many fetches at once (in all and
    per host). A fetcher sets up what it keeps in :meth:`_begin`."""

    def __init__(
        self,
        *,
        connect_timeout: float = 10.0,
        read_timeout: float = 20.0,
        deadline: float = 45.0,
        max_bytes: int = 64 * 1024 * 1024,
        max_redirects: int = 10,
        max_connections: int = 8,
        per_host: int = 2,
        user_agent: str = USER_AGENT,
    ) -> None:
        for name, value in (
            ("connect_timeout", connect_timeout),
            ("read_timeout", read_timeout),
            ("deadline", deadline),
            ("max_bytes", max_bytes),
            ("max_connections", max_connections),
            ("per_host", per_host),
        ):
            if value <= 0:
                raise ValueError(f"{name} must be positive")
        if max_redirects < 0:
            raise ValueError("max_redirects must not be negative")
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self.deadline = deadline
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.max_connections = max_connections
        self.per_host = per_host
        self.user_agent = user_agent
        self._begin()

    def _begin(self) -> None:
        """Set up the fetcher's own state (connections, slots); the settings are known."""
