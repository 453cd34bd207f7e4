"""The session's chapters: fetched once per episode through the shared fetcher, kept."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING

from tui.core.feeds.chapters import Chapter, ChaptersError, fetch_chapters, is_chapters_type
from tui.core.models import Episode

Found = list[Chapter] | ChaptersError

if TYPE_CHECKING:
    from tui.core.feeds.fetch import Fetcher


def has_chapters(episode: Episode) -> bool:
    return bool(episode.chapters_url) and is_chapters_type(episode.chapters_type)


class ChapterCache:
    """Chapters by episode id; each episode's file is fetched at most once at a time."""

    def __init__(self, fetcher: Callable[[], Fetcher]) -> None:
        self._fetcher = fetcher
        self._found: dict[int, Found] = {}
        self._fetching: dict[int, asyncio.Task[Found]] = {}

    def get(self, episode_id: int) -> Found | None:
        """What is known (None: not fetched yet)."""
        return self._found.get(episode_id)

    async def load(self, episode: Episode) -> Found | None:
        """The episode's chapters (None: it has none), fetched on first use."""
        if not has_chapters(episode):
            return None
        found = self._found.get(episode.id)
        if found is not None:
            return found
        task = self._fetching.get(episode.id)
        if task is None:
            task = asyncio.ensure_future(self._fetch(episode.id, episode.chapters_url or ""))
            self._fetching[episode.id] = task
        return await asyncio.shield(task)

    async def _fetch(self, episode_id: int, url: str) -> Found:
        try:
            found: Found = await fetch_chapters(self._fetcher(), url)
        except ChaptersError as exc:
            found = exc
        finally:
            self._fetching.pop(episode_id, None)
        self._found[episode_id] = found
        return found

    def cancel(self) -> None:
        for task in list(self._fetching.values()):
            task.cancel()
        self._fetching.clear()
