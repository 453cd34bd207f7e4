"""http(s) URLs checked, and the response headers read for validators, lengths and ranges."""

from __future__ import annotations

import re

import httpx

from tui.core.errors import FetchError
from tui.core.net.messages import display_url


def check_url(url: str) -> httpx.URL:
    """Parse an http(s) URL with a host, or raise ``FetchError("not an http(s) URL")``."""
    if not isinstance(url, str) or not url.strip():
        raise FetchError("not an http(s) URL")
    try:
        parsed = httpx.URL(url.strip())
    except Exception:
        raise FetchError(f"invalid URL: {display_url(url)}") from None
    if parsed.scheme not in ("http", "https"):
        raise FetchError("not an http(s) URL")
    if not parsed.host:
        raise FetchError(f"invalid URL (no host): {display_url(url)}")
    return parsed


def is_http_url(url: str) -> bool:
    try:
        check_url(url)
    except FetchError:
        return False
    return True


def header_value(value: str | None, limit: int = 1024) -> str | None:
    """A validator (ETag, Last-Modified) safe to store and send back, or None."""
    if not value or len(value) > limit:
        return None
    value = value.strip()
    if not value or any(not (" " <= c <= "~") for c in value):
        return None
    return value


def content_length(response: httpx.Response) -> int | None:
    value = response.headers.get("content-length", "").strip()
    return int(value) if value.isdigit() else None


_CONTENT_RANGE = re.compile(r"bytes\s+(?:(\d+)-(\d+)|\*)/(\d+|\*)", re.IGNORECASE)


def content_range(response: httpx.Response) -> tuple[int | None, int | None, int | None] | None:
    """``Content-Range: bytes 10-99/100`` -> (10, 99, 100); ``*`` parts are None."""
    match = _CONTENT_RANGE.fullmatch(response.headers.get("content-range", "").strip())
    if not match:
        return None
    first, last, total = match.groups()
    return (
        int(first) if first is not None else None,
        int(last) if last is not None else None,
        int(total) if total != "*" else None,
    )
