"""http(s) URLs checked the way the shared HTTP client (httpx) reads them."""

from __future__ import annotations

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
