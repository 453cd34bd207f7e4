"""Asking a directory for JSON through the shared HTTP client, and cleaning its answer.

A directory's texts go through the same hygiene as a feed's: HTML tags dropped, entities
decoded, control characters and escape sequences stripped, whitespace collapsed. Only
http(s) feed URLs are kept.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from tui.core.errors import PodtuiError
from tui.core.feeds.notes.text import notes_to_text
from tui.core.net.urls import is_http_url
from tui.core.text import clean_line

if TYPE_CHECKING:
    from tui.core.feeds.fetching import FeedFetcher

__all__ = ["MAX_ANSWER", "DirectoryError", "feed_url", "get_json", "text", "when", "whole"]

MAX_ANSWER = 4 * 1024 * 1024  # a directory's answer, once decompressed
JSON_ACCEPT = "application/json, text/javascript;q=0.9, */*;q=0.1"
MAX_TEXT = 300  # characters kept of a title or an author


class DirectoryError(PodtuiError):
    """A directory's answer cannot be used."""


def endpoint(base: str, path: str, params: Mapping[str, str]) -> str:
    """``base`` (a setting, maybe with a path of its own) + ``path`` + the query."""
    return f"{base.rstrip('/')}{path}?{urlencode(params)}"


async def get_json(
    fetcher: FeedFetcher,
    url: str,
    *,
    timeout: float,
    headers: Mapping[str, str] | None = None,
) -> Any:
    """GET ``url`` and decode its JSON; a FetchError or DirectoryError otherwise."""
    result = await fetcher.fetch_feed(
        url,
        accept=JSON_ACCEPT,
        headers=headers,
        what="directory",
        deadline=timeout,
        max_bytes=MAX_ANSWER,
    )
    body = result.content or b""
    try:
        return json.loads(body)
    except (UnicodeDecodeError, ValueError):
        stripped = body.lstrip()[:1]
        kind = "an HTML page" if stripped == b"<" else "empty" if not stripped else "not JSON"
        raise DirectoryError(f"malformed answer ({kind})") from None


def text(value: object) -> str:
    """A title or an author as a directory gives it: plain, clean, one line."""
    if not isinstance(value, str):
        return ""
    if "<" in value or "&" in value:
        value = notes_to_text(value)
    cleaned = clean_line(value)
    return cleaned if len(cleaned) <= MAX_TEXT else cleaned[: MAX_TEXT - 1] + "…"


def feed_url(value: object) -> str | None:
    """An http(s) URL without controls or spaces, else None."""
    if not isinstance(value, str):
        return None
    url = value.strip()
    if not url or clean_line(url) != url or " " in url or not is_http_url(url):
        return None
    return url


def whole(value: object) -> int | None:
    """A non-negative count, else None."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return None
    return value


def when(value: object) -> date | None:
    """A date from an ISO 8601 string or Unix seconds, else None."""
    try:
        if isinstance(value, str) and value:
            return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
        if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
            return datetime.fromtimestamp(value, UTC).date()
    except (ValueError, OverflowError, OSError):
        return None
    return None


def items(answer: object, key: str | None) -> list[Mapping[str, Any]]:
    """The list of result objects in ``answer`` (under ``key`` when given)."""
    found = answer.get(key) if key is not None and isinstance(answer, dict) else answer
    if key is not None and not isinstance(answer, dict):
        raise DirectoryError(f"malformed answer (no {key!r} list)")
    if not isinstance(found, list):
        raise DirectoryError(f"malformed answer (no {key!r} list)" if key else "malformed answer")
    return [item for item in found if isinstance(item, dict)]
