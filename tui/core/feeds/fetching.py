"""What fetching a feed gives, and what both fetchers offer (fetch.py, light.py)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from typing import Protocol

from tui import USER_AGENT
from tui.core.errors import FetchError
from tui.core.net.decoders import Decoder
from tui.core.net.headers import content_length, header_value
from tui.core.net.messages import format_bytes, status_message

__all__ = [
    "FEED_ACCEPT",
    "Body",
    "FeedFetcher",
    "FetchLimits",
    "FetchResult",
    "Slots",
    "Validators",
    "answer_without_body",
    "received_validators",
]

# What a conditional request sent, or what a response gave: (ETag, Last-Modified).
Validators = tuple[str | None, str | None]

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


def answer_without_body(
    status: int, url: str, moved: str | None, sent: Validators, got: Validators, what: str
) -> FetchResult | None:
    """What a response's status alone answers: 304 (its validators ``got``, else those
    ``sent``) or a one-line error; None when its body is the feed (200, 203)."""
    if status == 304:
        etag, last_modified = sent
        if not (etag or last_modified):
            raise FetchError("HTTP 304 Not Modified for a request that was not conditional")
        new_etag, new_modified = got
        return FetchResult(url, 304, None, new_etag or etag, new_modified or last_modified, moved)
    if status not in (200, 203):
        raise FetchError(status_message(status, what))
    return None


def received_validators(etag: str | None, last_modified: str | None) -> Validators:
    """A response's ETag and Last-Modified, kept when safe to store and send back."""
    return header_value(etag), header_value(last_modified)


class Body:
    """A response body decoded (its Content-Encoding undone) and capped at ``limit`` bytes
    as its pieces arrive; a length announced over the cap is refused before any piece."""

    def __init__(self, content_encoding: str | None, length: str | None, limit: int) -> None:
        self.too_big = f"response larger than {format_bytes(limit)}"
        announced = content_length(length)
        if announced is not None and announced > limit:
            raise FetchError(self.too_big)
        self._decoder = Decoder(content_encoding)
        self._limit = limit
        self._pieces: list[bytes] = []  # joined once at the end: no copying as it grows
        self._size = 0

    def add(self, raw: bytes) -> None:
        for piece in self._decoder.decode(raw):
            self._keep(piece)

    def finish(self) -> bytes:
        for piece in self._decoder.finish():
            self._keep(piece)
        return b"".join(self._pieces)

    def _keep(self, piece: bytes) -> None:
        self._size += len(piece)
        if self._size > self._limit:
            raise FetchError(self.too_big)
        self._pieces.append(piece)


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


class Slots:
    """At most ``per_host`` fetches at a time per host and ``overall`` in all. The host's
    slot is taken first, so a fetch waiting for a busy host holds no overall slot."""

    def __init__(self, per_host: int, overall: int) -> None:
        self._per_host = per_host
        self._overall = asyncio.Semaphore(overall)
        self._hosts: dict[str, asyncio.Semaphore] = {}

    @contextlib.asynccontextmanager
    async def hold(self, host: str) -> AsyncIterator[None]:
        semaphore = self._hosts.get(host)
        if semaphore is None:
            semaphore = self._hosts[host] = asyncio.Semaphore(self._per_host)
        async with semaphore, self._overall:
            yield
