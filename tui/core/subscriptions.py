"""Subscribing and refreshing: fetch, parse and store, concurrently and safely.

A source is an http(s) URL or a local feed file; an Apple Podcasts URL stands for the
feed the iTunes lookup names, and a web page for the feed its alternate link names (with
several, the result lists them for the user to pick one). Fetching, parsing and storing are
separate steps; storing happens in one transaction, so a failure at any step leaves the
library exactly as it was.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from tui.core.directories.apple import FeedLink, apple_podcast_id
from tui.core.directories.models import DirectorySettings
from tui.core.errors import FeedError, FetchError, HTMLPageError, PodtuiError
from tui.core.library import Library, StoreResult
from tui.core.models import Podcast, SourceStatus

if TYPE_CHECKING:
    from tui.core.feeds.fetching import FeedFetcher

MAX_FILE_BYTES = 64 * 1024 * 1024


@dataclass(slots=True)
class SourceResult:
    """What happened to one source or subscription."""

    source: str
    status: SourceStatus
    podcast: Podcast | None = None
    new: int = 0
    total: int = 0
    error: str | None = None
    choices: list[FeedLink] = field(default_factory=list)  # when a page names several feeds

    @property
    def ok(self) -> bool:
        return self.status not in (SourceStatus.FAILED, SourceStatus.CHOOSE)


@dataclass(slots=True)
class RefreshSummary:
    results: list[SourceResult] = field(default_factory=list)

    def count(self, status: SourceStatus) -> int:
        return sum(1 for result in self.results if result.status == status)

    @property
    def failed(self) -> list[SourceResult]:
        return [result for result in self.results if result.status == SourceStatus.FAILED]

    @property
    def new_episodes(self) -> int:
        return sum(result.new for result in self.results)

    def line(self) -> str:
        feeds = len(self.results)
        updated, unchanged, failed = (
            self.count(status)
            for status in (SourceStatus.UPDATED, SourceStatus.UNCHANGED, SourceStatus.FAILED)
        )
        return (
            f"{feeds} feed{'s' if feeds != 1 else ''}: {updated} updated,"
            f" {unchanged} unchanged, {failed} failed;"
            f" +{self.new_episodes} new episode{'s' if self.new_episodes != 1 else ''}"
        )


def is_url(source: str) -> bool:
    return urlsplit(source).scheme.lower() in ("http", "https")


def looks_like_words(source: str) -> bool:
    """Whether what the user typed is words to search for rather than a URL or a file."""
    text = source.strip()
    if not text or "://" in text or urlsplit(text).scheme.lower() in ("http", "https", "file"):
        return False
    if any(mark in text for mark in "/\\") or text.startswith(("~", ".")):
        return False
    if text.lower().endswith((".xml", ".rss", ".atom", ".opml")):
        return False
    return not Path(text).expanduser().exists()


def normalise_source(source: str) -> str:
    """A URL as given (trimmed), or a local file as an absolute path."""
    source = source.strip()
    if is_url(source):
        return source
    scheme = urlsplit(source).scheme.lower()
    if scheme == "file":  # file:///path/feed.rss, as OPML exports local subscriptions
        parts = urlsplit(source)
        if parts.netloc.lower() not in ("", "localhost") or not parts.path.startswith("/"):
            raise FetchError("a file URL must name an absolute path on this machine")
        return str(Path(unquote(parts.path)).resolve())
    if len(scheme) > 1:  # not a Windows drive letter
        raise FetchError(f"unsupported URL scheme {scheme!r}: only http(s) URLs and files")
    return str(Path(source).expanduser().resolve())


def read_local(path: str) -> bytes:
    try:
        size = os.stat(path).st_size
        if size > MAX_FILE_BYTES:
            raise FeedError(f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
        with open(path, "rb") as handle:
            return handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise FetchError("no such file or URL") from None
    except IsADirectoryError:
        raise FetchError("is a directory, not a feed file") from None
    except OSError as exc:
        raise FetchError(f"cannot read file: {exc.strerror or exc}") from None


_pause_lock = threading.Lock()
_pauses = 0
_resume = False


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """The garbage collector off while any feed is parsed and stored, then as it was.

    A parsed feed's episodes and their rows are many new objects in no cycle: with the
    collector on, its sweeps walk them all again and again (~30 ms for 10,000 episodes).
    """
    global _pauses, _resume
    with _pause_lock:
        if not _pauses:
            _resume = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pauses -= 1
            if not _pauses and _resume:
                gc.enable()


class Subscriptions:
    """Adds and refreshes podcasts of one library through one shared fetcher."""

    def __init__(
        self,
        library: Library,
        fetcher: FeedFetcher | None = None,
        directories: DirectorySettings | None = None,
    ) -> None:
        self.library = library
        self.directories = directories or DirectorySettings()
        self._fetcher = fetcher
        self._own_fetcher = fetcher is None

    async def __aenter__(self) -> Subscriptions:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        if self._own_fetcher and self._fetcher is not None:
            await self._fetcher.aclose()
            self._fetcher = None

    @property
    def fetcher(self) -> FeedFetcher:
        """The fetcher given, else a light one of its own: without a shared client, this is
        a one-shot job (a command), which the standard library's HTTP serves sooner."""
        if self._fetcher is None:
            from tui.core.feeds.light import LightFetcher  # lazy: only sources that are URLs

            self._fetcher = LightFetcher()
        return self._fetcher

    async def _load(
        self, podcast_url: str, etag: str | None, last_modified: str | None
    ) -> tuple[bytes | None, str | None, str | None, str | None, str | None]:
        """Fetch a source: (bytes or None when unchanged, etag, last_modified, moved_to,
        the URL finally fetched)."""
        if not is_url(podcast_url):
            data = await asyncio.to_thread(read_local, podcast_url)
            return data, None, None, None, None
        result = await self.fetcher.fetch_feed(podcast_url, etag=etag, last_modified=last_modified)
        return result.content, result.etag, result.last_modified, result.permanent_url, result.url

    async def _apple_feed(self, url: str) -> str:
        """The feed an Apple Podcasts URL stands for (any other URL as it is)."""
        podcast_id = apple_podcast_id(url)
        if podcast_id is None:
            return url
        from tui.core.directories.itunes import lookup_feed  # lazy: for Apple URLs alone

        try:
            return await lookup_feed(self.fetcher, self.directories, podcast_id)
        except PodtuiError as exc:
            raise FetchError(f"iTunes lookup of an Apple Podcasts URL: {exc.message}") from None

    async def _from_page(self, source: str, page: bytes, base: str | None) -> SourceResult:
        """Subscribe to the feed a web page names; with several, list them to pick from."""
        from tui.core.directories.pages import discover_feeds  # lazy: for web pages alone

        links = await asyncio.to_thread(discover_feeds, page, base)
        if not links:
            error = "not a podcast feed (an HTML page that links to no feed)"
            return SourceResult(source, SourceStatus.FAILED, error=error)
        if len(links) == 1:
            result = await self.add(links[0].url, discover=False)
            result.source = source
            return result
        error = f"the page links to {len(links)} feeds: add one of them by its URL"
        return SourceResult(source, SourceStatus.CHOOSE, error=error, choices=links)

    def _parse_and_store(
        self,
        data: bytes,
        url: str,
        podcast_id: int | None,
        etag: str | None,
        last_modified: str | None,
    ) -> StoreResult:
        from tui.core.feeds.parse import parse_feed  # lazy: lxml loads slowly

        with _collector_paused():
            feed = parse_feed(data, url if is_url(url) else None)
            created = podcast_id is None
            if podcast_id is None:
                podcast_id = self.library.subscribe(url).id
            try:
                stored = self.library.store_feed(
                    podcast_id, feed, etag=etag, last_modified=last_modified
                )
            except BaseException:
                if created:
                    self.library.remove_podcast(podcast_id)
                raise
            # Freed while the collector is still off: otherwise its first sweep once back on
            # walks every parsed episode still held here (~15 ms for 10,000 episodes).
            del feed
            return stored

    async def add(self, source: str, *, discover: bool = True) -> SourceResult:
        """Subscribe to a source; one already subscribed is refreshed instead. A web page
        leads to the feed it names when ``discover``."""
        try:
            url = normalise_source(source)
            if is_url(url):
                url = await self._apple_feed(url)
        except PodtuiError as exc:
            return SourceResult(source, SourceStatus.FAILED, error=exc.message)
        existing = self.library.podcast_by_url(url)
        if existing is not None:
            return await self.refresh_one(existing, source=source)
        data: bytes | None = None
        fetched: str | None = None
        try:
            data, etag, last_modified, moved_to, fetched = await self._load(url, None, None)
            if moved_to:
                url = moved_to
                existing = self.library.podcast_by_url(url)
            stored = await asyncio.to_thread(
                self._parse_and_store,
                data or b"",
                url,
                existing.id if existing else None,
                etag,
                last_modified,
            )
        except HTMLPageError as exc:
            if not discover or not data:
                return SourceResult(source, SourceStatus.FAILED, error=exc.message)
            return await self._from_page(source, data, fetched)
        except PodtuiError as exc:
            return SourceResult(source, SourceStatus.FAILED, error=exc.message)
        status = (
            SourceStatus.ADDED
            if existing is None
            else (SourceStatus.UPDATED if stored.changed else SourceStatus.UNCHANGED)
        )
        return SourceResult(source, status, stored.podcast, stored.new, stored.total)

    async def refresh_one(self, podcast: Podcast, *, source: str | None = None) -> SourceResult:
        """Refresh one subscription. A failure is recorded and changes no episode."""
        label = source or podcast.url
        try:
            data, etag, last_modified, moved_to, _ = await self._load(
                podcast.url, podcast.etag, podcast.last_modified
            )
            if moved_to and moved_to != podcast.url:
                self.library.move_podcast(podcast.id, moved_to)
            if data is None:
                self.library.record_check(podcast.id)
                current = self.library.podcast(podcast.id)
                return SourceResult(
                    label, SourceStatus.UNCHANGED, current, 0, current.episode_count
                )
            stored = await asyncio.to_thread(
                self._parse_and_store, data, podcast.url, podcast.id, etag, last_modified
            )
        except PodtuiError as exc:
            self.library.record_check(podcast.id, error=exc.message)
            return SourceResult(label, SourceStatus.FAILED, podcast, error=exc.message)
        status = SourceStatus.UPDATED if stored.changed else SourceStatus.UNCHANGED
        return SourceResult(label, status, stored.podcast, stored.new, stored.total)

    async def add_all(self, sources: Sequence[str]) -> list[SourceResult]:
        """Add several sources concurrently; results in the order given."""
        unique = list(dict.fromkeys(sources))
        results = await asyncio.gather(*(self.add(source) for source in unique))
        return list(results)

    async def refresh(
        self,
        podcast_ids: Sequence[int] | None = None,
        *,
        on_result: Callable[[SourceResult], None] | None = None,
    ) -> RefreshSummary:
        """Refresh subscriptions (all by default) concurrently."""
        podcasts = self.library.podcasts()
        if podcast_ids is not None:
            wanted = set(podcast_ids)
            podcasts = [podcast for podcast in podcasts if podcast.id in wanted]

        async def one(podcast: Podcast) -> SourceResult:
            result = await self.refresh_one(podcast)
            if on_result is not None:
                on_result(result)
            return result

        results = await asyncio.gather(*(one(podcast) for podcast in podcasts))
        return RefreshSummary(list(results))


async def add_sources(
    library: Library,
    sources: Sequence[str],
    fetcher: FeedFetcher | None = None,
    directories: DirectorySettings | None = None,
) -> list[SourceResult]:
    """Subscribe to ``sources`` (URLs, files, web pages) concurrently."""
    async with Subscriptions(library, fetcher, directories) as subscriptions:
        return await subscriptions.add_all(sources)


async def refresh(
    library: Library,
    podcast_ids: Sequence[int] | None = None,
    fetcher: FeedFetcher | None = None,
    on_result: Callable[[SourceResult], None] | None = None,
) -> RefreshSummary:
    """Refresh subscriptions (all by default) concurrently."""
    async with Subscriptions(library, fetcher) as subscriptions:
        return await subscriptions.refresh(podcast_ids, on_result=on_result)
