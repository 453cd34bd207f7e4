"""The light fetcher's URLs, split for ``http.client``."""

from __future__ import annotations

from urllib.parse import SplitResult, quote, urlsplit

from tui.core.errors import FetchError
from tui.core.net.messages import display_url

__all__ = ["Target"]

# Characters left as they are in a request target; anything else (spaces, non-ASCII) is
# percent-encoded as UTF-8, as browsers and httpx do.
_TARGET_SAFE = "!#$%&'()*+,/:;=?@[]~"


class Target:
    """An http(s) URL split for ``http.client``: scheme, host (IDNA), port, request target."""

    __slots__ = ("host", "https", "port", "target", "url")

    def __init__(self, url: str) -> None:
        text = url.strip() if isinstance(url, str) else ""
        if not text:
            raise FetchError("not an http(s) URL")
        try:
            parts: SplitResult = urlsplit(text)
            scheme = parts.scheme.lower()
            host = parts.hostname or ""
            port = parts.port
        except ValueError:
            raise FetchError(f"invalid URL: {display_url(url)}") from None
        if scheme not in ("http", "https"):
            raise FetchError("not an http(s) URL")
        if not host:
            raise FetchError(f"invalid URL (no host): {display_url(url)}")
        if not host.isascii():
            try:
                host = host.encode("idna").decode("ascii")
            except UnicodeError:
                raise FetchError(f"invalid URL: {display_url(url)}") from None
        if any(c <= " " or c == "\x7f" for c in host):
            raise FetchError(f"invalid URL: {display_url(url)}")
        self.https = scheme == "https"
        self.host = host
        self.port = port or (443 if self.https else 80)
        target = quote(parts.path or "/", safe=_TARGET_SAFE)
        if parts.query:
            target += "?" + quote(parts.query, safe=_TARGET_SAFE)
        self.target = target
        raw = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        if target != raw:  # the URL as requested, characters that needed it encoded
            fragment = f"#{parts.fragment}" if parts.fragment else ""
            text = f"{scheme}://{parts.netloc}{target}{fragment}"
        self.url = text

    @property
    def key(self) -> tuple[bool, str, int]:
        return self.https, self.host, self.port
