"""Fetching feeds and downloading episodes over HTTP(S), politely and safely.

A :class:`Fetcher` is the shared HTTP client (client.py: limits, timeouts, checked
redirects) with an overall deadline per feed and size caps enforced on the decompressed
body while it streams; downloads go through download.py. Every failure is a
:class:`~tui.core.errors.FetchError` with a one-line message. Parsing is not done here.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import TypeVar

import httpx

from tui.core.errors import FetchError, PodtuiError
from tui.core.feeds.client import Hop, HTTPClient
from tui.core.feeds.download import download_to
from tui.core.feeds.fetching import (
    FEED_ACCEPT,
    Body,
    FetchResult,
    answer_without_body,
    received_validators,
)
from tui.core.net.headers import header_value
from tui.core.net.messages import seconds
from tui.core.net.urls import check_url

__all__ = ["FEED_ACCEPT", "DownloadCancelled", "FetchResult", "Fetcher"]

T = TypeVar("T")


class DownloadCancelled(FetchError):
    """A download stopped because its cancel event was set; the partial file stays."""

    def __init__(self, message: str = "download cancelled") -> None:
        super().__init__(message)


async def _unless_set(work: Awaitable[T], cancel: asyncio.Event) -> T:
    """Await ``work`` but stop it as soon as ``cancel`` is set (even while it waits)."""
    task = asyncio.ensure_future(work)
    waiter = asyncio.ensure_future(cancel.wait())
    try:
        await asyncio.wait({task, waiter}, return_when=asyncio.FIRST_COMPLETED)
    except BaseException:
        task.cancel()
        waiter.cancel()
        await asyncio.gather(task, waiter, return_exceptions=True)
        raise
    if task.done():
        waiter.cancel()
        return task.result()
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    raise DownloadCancelled()


class Fetcher(HTTPClient):
    """The shared HTTP client, fetching feeds (within a deadline) and downloading files."""

    # ------------------------------------------------------------------ feeds

    async def fetch_file(
        self, url: str, *, what: str, deadline: float, max_bytes: int, error: type[PodtuiError]
    ) -> tuple[bytes, str]:
        """A small file an episode names (chapters, a transcript): its bytes (at most
        ``max_bytes``, whole MiB) and the URL finally fetched, within ``deadline`` seconds;
        any failure raises ``error`` saying "cannot fetch the ``what``: why"."""
        try:
            async with asyncio.timeout(deadline):
                result = await self.fetch_feed(url)
        except TimeoutError:
            raise error(f"cannot fetch the {what}: timed out") from None
        except PodtuiError as exc:
            raise error(f"cannot fetch the {what}: {exc.message}") from None
        content = result.content or b""
        if len(content) > max_bytes:
            larger = f"the file is larger than {max_bytes // (1024 * 1024)} MiB"
            raise error(f"cannot fetch the {what}: {larger}")
        return content, result.url

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
    ) -> FetchResult:
        """GET a feed's bytes (conditionally when validators are given).

        The deadline covers the whole exchange (redirects and body) from the moment the
        first request may start; the body is capped at ``max_bytes`` once decompressed.
        Other documents (a directory's answer, a web page) come the same way, with their
        own ``accept`` and ``headers``, ``what`` naming them in errors, and their own
        ``deadline`` and ``max_bytes`` when given."""
        start = check_url(url)
        etag, last_modified = header_value(etag), header_value(last_modified)
        deadline = self.deadline if deadline is None else deadline
        limit = self.max_bytes if max_bytes is None else max_bytes
        headers = {**(headers or {}), "Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        hop = Hop(str(start))
        loop = asyncio.get_running_loop()
        timer: asyncio.Timeout | None = None
        try:
            async with asyncio.timeout(None) as timer:

                def started() -> None:
                    assert timer is not None
                    timer.reschedule(loop.time() + deadline)

                async with self.exchange(start, headers, hop, started) as (response, moved):
                    return await self._feed_result(
                        response, moved, etag, last_modified, what, limit
                    )
        except TimeoutError:
            if timer is not None and timer.expired():
                raise FetchError(f"timed out after {seconds(deadline)}") from None
            raise FetchError("timed out") from None
        except httpx.HTTPError as exc:
            raise self.describe(exc, hop) from None

    async def _feed_result(
        self,
        response: httpx.Response,
        moved: str | None,
        etag: str | None,
        last_modified: str | None,
        what: str = "feed",
        limit: int | None = None,
    ) -> FetchResult:
        limit = self.max_bytes if limit is None else limit
        headers = response.headers
        got = received_validators(headers.get("etag"), headers.get("last-modified"))
        final = str(response.url)
        early = answer_without_body(
            response.status_code, final, moved, (etag, last_modified), got, what
        )
        if early is not None:
            return early
        body = Body(headers.get("content-encoding"), headers.get("content-length"), limit)
        async for raw in response.aiter_raw():
            body.add(raw)
        return FetchResult(final, 200, body.finish(), *got, moved)

    # ------------------------------------------------------------------ downloads

    async def download(
        self,
        url: str,
        dest: Path,
        *,
        resume: bool = True,
        progress: Callable[[int, int | None], None] | None = None,
        expected_length: int | None = None,
        cancel: asyncio.Event | None = None,
        max_bytes: int = 4 * 1024**3,
    ) -> Path:
        """Download ``url`` to ``dest`` through ``<dest>.part``; returns ``dest``.

        Resumes a partial file with ``Range`` (starting over when the server does not
        honour it). Stalls fail after ``read_timeout`` without data; there is no overall
        deadline. ``dest`` appears only once the body is complete and its length matches
        what the server announced (or ``expected_length`` when the server announced
        nothing). On failure the ``.part`` file stays for a later resume and nothing is
        left at ``dest``. ``progress(received, total)`` is called as bytes arrive, where
        ``total`` falls back to ``expected_length`` when the server gives no length."""
        start = check_url(url)
        dest = Path(dest)
        part = dest.with_name(dest.name + ".part")
        work = download_to(self, start, dest, part, resume, progress, expected_length, max_bytes)
        if cancel is None:
            return await work
        if cancel.is_set():
            work.close()
            raise DownloadCancelled()
        return await _unless_set(work, cancel)
