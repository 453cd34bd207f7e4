"""Podcasting 2.0 chapters: reading a chapters file, fetching it, and where a jump goes."""

from __future__ import annotations

import json
import math
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui.core.errors import PodtuiError
from tui.core.text import clean_line

if TYPE_CHECKING:
    from tui.core.feeds.fetch import Fetcher

CHAPTERS_MAX_BYTES = 1024 * 1024
CHAPTERS_DEADLINE = 15.0  # seconds for the whole fetch
MAX_CHAPTERS = 2000
MAX_CHAPTER_TITLE = 200
CHAPTER_RESTART = 3.0  # "previous chapter" further than this into a chapter restarts it


class ChaptersError(PodtuiError):
    """An episode's chapters cannot be fetched or read."""


@dataclass(frozen=True, slots=True)
class Chapter:
    start: float  # seconds
    title: str


def is_chapters_type(kind: str | None) -> bool:
    """Whether a chapters link of this MIME type is one we read (JSON, or untyped)."""
    return kind is None or "json" in kind.lower()


def parse_chapters(data: bytes) -> list[Chapter]:
    """Podcasting 2.0 JSON chapters (``{"chapters": [{"startTime": 0, "title": ...}]}``).

    Chapters without a usable start time and those hidden from the table of contents
    (``"toc": false``) are left out; titles are cleaned; the result is sorted by start.
    """
    try:
        document = json.loads(data)
    except (ValueError, RecursionError):
        raise ChaptersError("the chapters are not valid JSON") from None
    items = document.get("chapters") if isinstance(document, dict) else None
    if not isinstance(items, list):
        raise ChaptersError("the chapters file has no chapter list")
    found: dict[float, Chapter] = {}
    for item in items:
        if not isinstance(item, dict) or item.get("toc") is False:
            continue
        start = item.get("startTime")
        if isinstance(start, bool) or not isinstance(start, int | float):
            continue
        start = float(start)
        if not math.isfinite(start) or start < 0:
            continue
        title = item.get("title")
        text = clean_line(title if isinstance(title, str) else "")[:MAX_CHAPTER_TITLE]
        found.setdefault(start, Chapter(start, text))
        if len(found) >= MAX_CHAPTERS:
            break
    return sorted(found.values(), key=lambda chapter: chapter.start)


async def fetch_chapters(fetcher: Fetcher, url: str) -> list[Chapter]:
    """Fetch and parse a chapters file through ``fetcher`` (its timeouts and size cap,
    an overall deadline of :data:`CHAPTERS_DEADLINE` and a 1 MiB cap of its own)."""
    content, _ = await fetcher.fetch_file(
        url,
        what="chapters",
        deadline=CHAPTERS_DEADLINE,
        max_bytes=CHAPTERS_MAX_BYTES,
        error=ChaptersError,
    )
    return parse_chapters(content)


def chapter_target(chapters: Sequence[Chapter], position: float, direction: int) -> float | None:
    """Where "next" (``direction`` > 0) or "previous" chapter goes from ``position``;
    None when there is no chapter that way. "Previous" well into a chapter restarts it."""
    starts = [chapter.start for chapter in chapters]
    if direction > 0:
        index = bisect_right(starts, position + 0.5)
        return starts[index] if index < len(starts) else None
    current = bisect_right(starts, position) - 1
    if current >= 0 and position - starts[current] > CHAPTER_RESTART:
        return starts[current]
    if current >= 1:
        return starts[current - 1]
    return 0.0 if position > 0.5 else None
