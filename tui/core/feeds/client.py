"""The one shared HTTP client: its limits, timeouts, per-host slots and checked redirects.

Connect/read timeouts everywhere; at most ``per_host`` exchanges per host and
``max_connections`` in all, feeds and downloads from separate budgets; redirects followed
by hand so each hop is checked (http(s) only, loops, permanent moves). Fetching feeds and
downloading enclosures through it: fetch.py.
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import importlib.util
import ssl
import sys
import threading
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Self, TypedDict

import httpx

from tui.core.errors import FetchError
from tui.core.feeds.fetching import FetchLimits, Slots
from tui.core.net.decoders import ACCEPT_ENCODING
from tui.core.net.failures import describe_error
from tui.core.net.messages import display_url
from tui.core.net.proxies import proxies_configured

__all__ = ["HTTP2", "Budget", "HTTPClient", "Hop"]

HTTP2 = importlib.util.find_spec("h2") is not None
REDIRECTS = frozenset({301, 302, 303, 307, 308})
PERMANENT = frozenset({301, 308})
# Largest raw piece read from a connection at once.
READ_SIZE = 256 * 1024


class _OnFirstUse(httpx.AsyncBaseTransport):
    """A transport made by ``make`` when the first request needs it."""

    def __init__(self, make: Callable[[], httpx.AsyncBaseTransport]) -> None:
        self._make = make
        self._transport: httpx.AsyncBaseTransport | None = None

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self._transport is None:
            try:
                self._transport = self._make()
            except (ImportError, ValueError, OSError) as exc:  # e.g. SSL_CERT_FILE unusable
                raise FetchError(f"cannot set up the HTTP client: {exc}") from None
        return await self._transport.handle_async_request(request)

    async def aclose(self) -> None:
        if self._transport is not None:
            await self._transport.aclose()


_HTTPCORE_IMPORT = threading.Lock()


def _import_httpcore() -> None:
    """Import httpcore, leaving h2 out until a connection negotiates HTTP/2.

    httpcore imports its HTTP/2 modules (and with them h2, hpack and hyperframe, ~8 ms)
    whenever h2 is installed, although it only uses them once a server agrees to HTTP/2,
    and it imports them again at that moment. A plain http fetch never needs them.
    """
    with _HTTPCORE_IMPORT:  # a client made meanwhile in another thread waits for h2
        if "httpcore" in sys.modules:
            return
        blocked = "h2" not in sys.modules
        if blocked:
            sys.modules["h2"] = None  # type: ignore[assignment]  # "import h2" fails meanwhile
        try:
            import httpcore  # noqa: F401  # lazy: only once a client is made, without h2
        finally:
            if blocked and sys.modules.get("h2", False) is None:
                del sys.modules["h2"]


def _read_larger_pieces() -> None:
    # httpcore reads at most 64 KB per receive; a socket read gives up to 256 KB on a fast
    # link, and every piece costs the same Python overhead through the HTTP stack, so a
    # 24 MB feed over loopback arrives in a quarter of the pieces (~20 ms less).
    _import_httpcore()
    import httpcore  # lazy: httpx itself loads httpcore only once a client is made

    connection = httpcore.AsyncHTTP11Connection
    if getattr(connection, "READ_NUM_BYTES", READ_SIZE) < READ_SIZE:
        connection.READ_NUM_BYTES = READ_SIZE


@dataclass(slots=True)
class Hop:
    """The URL being talked to, for error messages."""

    url: str


def _no_cookie_jar() -> http.cookiejar.CookieJar:
    # The shared client keeps no cookies between exchanges; each exchange has its own jar.
    return http.cookiejar.CookieJar(http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))


class Budget(StrEnum):
    """Which budget of connection slots an exchange takes."""

    FEED = "feed"
    DOWNLOAD = "download"


class _ClientOptions(TypedDict):
    timeout: httpx.Timeout
    follow_redirects: bool
    headers: dict[str, str]
    cookies: http.cookiejar.CookieJar


class HTTPClient(FetchLimits):
    """Owns the one shared ``httpx.AsyncClient``. Use as an async context manager
    (or call :meth:`aclose`); the client is created on first use, and a client belongs
    to the event loop that first uses it.

    Feed fetches and downloads each run at most ``per_host`` at a time per host and
    ``max_connections`` at a time in all, from separate budgets: a long download never
    holds up a refresh. The feed deadline starts once a request has its slot, so feeds
    queued behind others do not time out while they wait."""

    def _begin(self) -> None:
        self.http2 = HTTP2
        self._client: httpx.AsyncClient | None = None
        self._closed = False
        # Feeds and downloads take slots from separate budgets, so a long download never
        # holds up a refresh (whose deadline starts once it has a slot).
        self._slots = {
            Budget.FEED: Slots(self.per_host, self.max_connections),
            Budget.DOWNLOAD: Slots(self.per_host, self.max_connections),
        }

    # ------------------------------------------------------------------ lifecycle

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        self._closed = True
        client, self._client = self._client, None
        if client is not None:
            await client.aclose()

    @property
    def client(self) -> httpx.AsyncClient:
        if self._closed:
            raise RuntimeError("the fetcher is closed")
        if self._client is None:
            try:
                self._client = self._make_client()
            except (ImportError, ValueError) as exc:  # e.g. unusable proxy settings
                raise FetchError(f"cannot set up the HTTP client: {exc}") from None
        return self._client

    def _make_client(self) -> httpx.AsyncClient:
        limits = httpx.Limits(
            max_connections=2 * self.max_connections,  # feeds + downloads
            max_keepalive_connections=self.max_connections,
        )
        options: _ClientOptions = {
            "timeout": httpx.Timeout(
                connect=self.connect_timeout,
                read=self.read_timeout,
                write=self.read_timeout,
                pool=max(self.connect_timeout, self.read_timeout),
            ),
            "follow_redirects": False,
            "headers": {"User-Agent": self.user_agent, "Accept-Encoding": ACCEPT_ENCODING},
            "cookies": _no_cookie_jar(),
        }
        _read_larger_pieces()
        if proxies_configured():  # httpx sets up a transport per proxy, all verifying
            return httpx.AsyncClient(http2=self.http2, limits=limits, **options)
        # Loading the CA certificates takes tens of milliseconds, so the verifying transport
        # is made on the first https request. Plain http goes through a transport of its own
        # whose TLS context trusts no certificate at all: it could not complete a handshake.
        http2 = self.http2
        return httpx.AsyncClient(
            transport=_OnFirstUse(lambda: httpx.AsyncHTTPTransport(http2=http2, limits=limits)),
            mounts={
                "http://": httpx.AsyncHTTPTransport(
                    verify=ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT), limits=limits
                )
            },
            **options,
        )

    # ------------------------------------------------------------------ plumbing

    @contextlib.asynccontextmanager
    async def exchange(
        self,
        url: httpx.URL,
        headers: dict[str, str],
        hop: Hop,
        on_start: Callable[[], None] | None = None,
        *,
        kind: Budget = Budget.FEED,
    ) -> AsyncIterator[tuple[httpx.Response, str | None]]:
        """GET ``url`` following redirects by hand; yields the final streaming response
        (body unread, slot held) and the new permanent URL when every hop was 301/308."""
        client = self.client
        cookies = httpx.Cookies()
        seen: set[tuple[str, tuple[tuple[str, str], ...]]] = set()
        permanent = True
        hops = 0
        current = url
        while True:
            hop.url = str(current)
            state = (str(current), tuple(sorted((c.name, c.value or "") for c in cookies.jar)))
            seen.add(state)
            async with self._slots[kind].hold(current.host.lower()):
                if on_start is not None:
                    on_start()
                    on_start = None
                request = client.build_request("GET", current, headers=headers)
                cookies.set_cookie_header(request)
                response = await client.send(request, stream=True)
                try:
                    if response.status_code not in REDIRECTS:
                        moved = str(current) if hops and permanent else None
                        if moved == str(url):
                            moved = None
                        yield response, moved
                        return
                    location = response.headers.get("location", "").strip()
                    if not location:
                        raise FetchError(
                            f"HTTP {response.status_code} redirect without a Location header"
                        )
                    try:
                        target = current.join(location)
                    except Exception:
                        raise FetchError(
                            f"invalid redirect target: {display_url(location)}"
                        ) from None
                    if target.scheme not in ("http", "https") or not target.host:
                        raise FetchError(f"redirect to a non-http(s) URL: {display_url(target)}")
                    cookies.extract_cookies(response)
                    permanent = permanent and response.status_code in PERMANENT
                    hops += 1
                    next_state = (
                        str(target),
                        tuple(sorted((c.name, c.value or "") for c in cookies.jar)),
                    )
                    if next_state in seen:
                        raise FetchError(f"redirect loop at {display_url(target)}")
                    if hops > self.max_redirects:
                        raise FetchError(f"too many redirects (more than {self.max_redirects})")
                    current = target
                finally:
                    await response.aclose()

    def describe(self, exc: BaseException, hop: Hop) -> FetchError:
        return FetchError(
            describe_error(
                exc,
                hop.url,
                connect_timeout=self.connect_timeout,
                read_timeout=self.read_timeout,
            )
        )
