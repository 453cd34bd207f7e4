"""Fetching feeds and downloading episodes over HTTP(S), politely and safely.

One shared ``httpx.AsyncClient`` per :class:`Fetcher`; bounded concurrency overall and
per host; connect/read timeouts everywhere, an overall deadline per feed; size caps
enforced on the decompressed body while it streams; redirects followed by hand so each
hop is checked (http(s) only, loops, permanent moves); every failure is a
:class:`~tui.core.errors.FetchError` with a one-line message. Parsing is not done here.
"""

from __future__ import annotations

import asyncio
import contextlib
import http.cookiejar
import importlib.util
import os
import ssl
import sys
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar
from urllib.request import getproxies

import httpx

from tui import USER_AGENT
from tui.core.errors import FetchError
from tui.core.net import (
    ACCEPT_ENCODING,
    Decoder,
    check_url,
    content_length,
    content_range,
    describe_error,
    display_url,
    format_bytes,
    header_value,
    safe_filename,
    seconds,
    status_message,
)

__all__ = [
    "FEED_ACCEPT",
    "HTTP2",
    "DownloadCancelled",
    "FetchResult",
    "Fetcher",
    "safe_filename",
]

HTTP2 = importlib.util.find_spec("h2") is not None
FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8"
)
REDIRECTS = frozenset({301, 302, 303, 307, 308})
PERMANENT = frozenset({301, 308})
# Decoded bytes gathered before one write to disk.
WRITE_BATCH = 1024 * 1024
# Largest raw piece read from a connection at once.
READ_SIZE = 256 * 1024

T = TypeVar("T")


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


class DownloadCancelled(FetchError):
    """A download stopped because its cancel event was set; the partial file stays."""

    def __init__(self, message: str = "download cancelled") -> None:
        super().__init__(message)


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


def _environment_proxies() -> bool:
    """Whether the environment names a proxy for http(s) (as httpx reads it)."""
    found = getproxies()
    return any(found.get(scheme) for scheme in ("http", "https", "all"))


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
            import httpcore  # noqa: F401
        finally:
            if blocked and sys.modules.get("h2", False) is None:
                del sys.modules["h2"]


def _read_larger_pieces() -> None:
    # httpcore reads at most 64 KB per receive; a socket read gives up to 256 KB on a fast
    # link, and every piece costs the same Python overhead through the HTTP stack, so a
    # 24 MB feed over loopback arrives in a quarter of the pieces (~20 ms less).
    _import_httpcore()
    import httpcore

    connection = httpcore.AsyncHTTP11Connection
    if getattr(connection, "READ_NUM_BYTES", READ_SIZE) < READ_SIZE:
        connection.READ_NUM_BYTES = READ_SIZE


@dataclass(slots=True)
class _Hop:
    """The URL being talked to, for error messages."""

    url: str


def _no_cookie_jar() -> http.cookiejar.CookieJar:
    # The shared client keeps no cookies between exchanges; each exchange has its own jar.
    return http.cookiejar.CookieJar(http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))


def _cannot_write(path: Path, exc: OSError) -> FetchError:
    where = exc.filename if isinstance(exc.filename, str) else str(path)
    return FetchError(f"cannot write {where}: {exc.strerror or exc}")


async def _in_thread(func: Callable[..., T], *args: object) -> T:
    """Run blocking file work in a thread; on cancellation wait for it before leaving."""
    future = asyncio.get_running_loop().run_in_executor(None, func, *args)
    try:
        return await asyncio.shield(future)
    except asyncio.CancelledError:
        with contextlib.suppress(BaseException):
            await future
        raise


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


class Fetcher:
    """Owns the one shared ``httpx.AsyncClient``. Use as an async context manager
    (or call :meth:`aclose`); the client is created on first use, and a fetcher belongs
    to the event loop that first uses it.

    Feed fetches and downloads each run at most ``per_host`` at a time per host and
    ``max_connections`` at a time in all, from separate budgets: a long download never
    holds up a refresh. The feed deadline starts once a request has its slot, so feeds
    queued behind others do not time out while they wait."""

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
        self.http2 = HTTP2
        self._client: httpx.AsyncClient | None = None
        self._closed = False
        # Feeds and downloads take slots from separate budgets, so a long download never
        # holds up a refresh (whose deadline starts once it has a slot).
        self._slots: dict[str, tuple[asyncio.Semaphore, dict[str, asyncio.Semaphore]]] = {
            "feed": (asyncio.Semaphore(max_connections), {}),
            "download": (asyncio.Semaphore(max_connections), {}),
        }

    # ------------------------------------------------------------------ lifecycle

    async def __aenter__(self) -> Fetcher:
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
        options = {
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
        if _environment_proxies():  # httpx sets up a transport per proxy, all verifying
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
    async def _slot(self, url: httpx.URL, kind: str) -> AsyncIterator[None]:
        """At most ``per_host`` exchanges of a ``kind`` per host and ``max_connections``
        in all. The host slot is taken first so a task waiting for a busy host holds no
        global slot."""
        overall, hosts = self._slots[kind]
        host = url.host.lower()
        semaphore = hosts.get(host)
        if semaphore is None:
            semaphore = hosts[host] = asyncio.Semaphore(self.per_host)
        async with semaphore, overall:
            yield

    @contextlib.asynccontextmanager
    async def _exchange(
        self,
        url: httpx.URL,
        headers: dict[str, str],
        hop: _Hop,
        on_start: Callable[[], None] | None = None,
        *,
        kind: str = "feed",
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
            async with self._slot(current, kind):
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

    def _describe(self, exc: BaseException, hop: _Hop) -> FetchError:
        return FetchError(
            describe_error(
                exc,
                hop.url,
                connect_timeout=self.connect_timeout,
                read_timeout=self.read_timeout,
            )
        )

    # ------------------------------------------------------------------ feeds

    async def fetch_feed(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None
    ) -> FetchResult:
        """GET a feed's bytes (conditionally when validators are given).

        The deadline covers the whole exchange (redirects and body) from the moment the
        first request may start; the body is capped at ``max_bytes`` once decompressed."""
        start = check_url(url)
        etag, last_modified = header_value(etag), header_value(last_modified)
        headers = {"Accept": FEED_ACCEPT}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        hop = _Hop(str(start))
        loop = asyncio.get_running_loop()
        timer: asyncio.Timeout | None = None
        try:
            async with asyncio.timeout(None) as timer:

                def started() -> None:
                    assert timer is not None
                    timer.reschedule(loop.time() + self.deadline)

                async with self._exchange(start, headers, hop, started) as (response, moved):
                    return await self._feed_result(response, moved, etag, last_modified)
        except TimeoutError:
            if timer is not None and timer.expired():
                raise FetchError(f"timed out after {seconds(self.deadline)}") from None
            raise FetchError("timed out") from None
        except httpx.HTTPError as exc:
            raise self._describe(exc, hop) from None

    async def _feed_result(
        self,
        response: httpx.Response,
        moved: str | None,
        etag: str | None,
        last_modified: str | None,
    ) -> FetchResult:
        status = response.status_code
        final = str(response.url)
        new_etag = header_value(response.headers.get("etag"))
        new_modified = header_value(response.headers.get("last-modified"))
        if status == 304:
            if not (etag or last_modified):
                raise FetchError("HTTP 304 Not Modified for a request that was not conditional")
            return FetchResult(
                final, 304, None, new_etag or etag, new_modified or last_modified, moved
            )
        if status not in (200, 203):
            raise FetchError(status_message(status, "feed"))
        too_big = f"response larger than {format_bytes(self.max_bytes)}"
        length = content_length(response)
        if length is not None and length > self.max_bytes:
            raise FetchError(too_big)
        decoder = Decoder(response.headers.get("content-encoding"))
        pieces: list[bytes] = []  # joined once at the end: no copying as the body grows
        size = 0
        async for raw in response.aiter_raw():
            for piece in decoder.decode(raw):
                size += len(piece)
                if size > self.max_bytes:
                    raise FetchError(too_big)
                pieces.append(piece)
        for piece in decoder.finish():
            size += len(piece)
            if size > self.max_bytes:
                raise FetchError(too_big)
            pieces.append(piece)
        return FetchResult(final, 200, b"".join(pieces), new_etag, new_modified, moved)

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
        work = self._download(start, dest, part, resume, progress, expected_length, max_bytes)
        if cancel is None:
            return await work
        if cancel.is_set():
            work.close()
            raise DownloadCancelled()
        return await _unless_set(work, cancel)

    async def _download(
        self,
        start: httpx.URL,
        dest: Path,
        part: Path,
        resume: bool,
        progress: Callable[[int, int | None], None] | None,
        expected: int | None,
        cap: int,
    ) -> Path:
        try:
            await _in_thread(lambda: dest.parent.mkdir(parents=True, exist_ok=True))
        except OSError as exc:
            raise _cannot_write(dest.parent, exc) from None
        offset = 0
        if resume:
            try:
                offset = (await _in_thread(part.stat)).st_size
            except FileNotFoundError:
                offset = 0
            except OSError as exc:
                raise _cannot_write(part, exc) from None
        expected = expected if expected and expected > 0 else None
        hop = _Hop(str(start))
        restarted = False
        try:
            while True:
                headers = {"Accept": "*/*", "Accept-Encoding": "identity"}
                if offset:
                    headers["Range"] = f"bytes={offset}-"
                exchange = self._exchange(start, headers, hop, kind="download")
                async with exchange as (response, _moved):
                    status = response.status_code
                    if offset and (status == 416 or status == 206):
                        span = content_range(response)
                        if status == 416 and span is not None and span[2] == offset:
                            # The partial file already holds the whole body.
                            if progress is not None:
                                progress(offset, offset)
                            await self._finish(part, dest)
                            return dest
                        encoded = not Decoder(response.headers.get("content-encoding")).identity
                        if status == 416 or span is None or span[0] != offset or encoded:
                            if restarted:
                                raise FetchError(
                                    "the server answers the resume request inconsistently"
                                )
                            restarted, offset = True, 0
                            continue
                    if status == 206 and not offset:
                        raise FetchError("HTTP 206 Partial Content for a request of the whole file")
                    if status not in (200, 206):
                        raise FetchError(status_message(status, "file"))
                    await self._receive(
                        response, part, offset if status == 206 else 0, cap, progress, expected
                    )
                    await self._finish(part, dest)
                    return dest
        except httpx.HTTPError as exc:
            raise self._describe(exc, hop) from None

    @staticmethod
    def _check_complete(
        received: int, total: int | None, expected: int | None, *, framed: bool
    ) -> None:
        if total is not None and received != total:
            raise FetchError(f"incomplete download: got {received} of {total} bytes")
        if total is None and not framed and expected is not None and received != expected:
            raise FetchError(f"size mismatch: got {received} bytes, expected {expected}")

    async def _receive(
        self,
        response: httpx.Response,
        part: Path,
        offset: int,
        cap: int,
        progress: Callable[[int, int | None], None] | None,
        expected: int | None,
    ) -> None:
        decoder = Decoder(response.headers.get("content-encoding"))
        if response.status_code == 206:
            span = content_range(response)
            total = span[2] if span else None
        else:
            total = content_length(response) if decoder.identity else None
        too_big = f"file larger than {format_bytes(cap)}"
        if total is not None and total > cap:
            raise FetchError(too_big)
        # Chunked bodies carry their own end marker; only a body that ends when the
        # connection closes can be cut short unnoticed.
        chunked = "chunked" in response.headers.get("transfer-encoding", "").lower()
        framed = total is not None or chunked or response.http_version == "HTTP/2"
        shown_total = total if total is not None else expected
        received = offset
        if progress is not None:
            progress(received, shown_total)

        def open_part():
            handle = open(part, "r+b" if offset else "wb")  # noqa: SIM115
            if offset:
                handle.seek(offset)
                handle.truncate()
            return handle

        try:
            handle = await _in_thread(open_part)
        except OSError as exc:
            raise _cannot_write(part, exc) from None
        batch = bytearray()
        completed = False
        try:
            async for raw in response.aiter_raw():
                for piece in decoder.decode(raw):
                    received += len(piece)
                    if received > cap:
                        raise FetchError(too_big)
                    batch += piece
                    if len(batch) >= WRITE_BATCH:
                        data, batch = bytes(batch), bytearray()
                        await _in_thread(handle.write, data)
                    if progress is not None:
                        progress(received, shown_total)
            for piece in decoder.finish():
                received += len(piece)
                if received > cap:
                    raise FetchError(too_big)
                batch += piece
            data, batch = bytes(batch), bytearray()
            await _in_thread(handle.write, data)
            await _in_thread(handle.flush)
            await _in_thread(os.fsync, handle.fileno())
            completed = True
        except OSError as exc:
            raise _cannot_write(part, exc) from None
        finally:
            if not completed:
                # Keep what arrived so a later attempt can resume from it.
                with contextlib.suppress(OSError, ValueError):
                    if batch:
                        handle.write(batch)
            with contextlib.suppress(OSError):
                handle.close()
            if not completed and not decoder.identity:
                # Ranges count encoded bytes: a decoded partial file cannot be resumed.
                with contextlib.suppress(OSError):
                    part.unlink()
        self._check_complete(received, total, expected, framed=framed)

    @staticmethod
    async def _finish(part: Path, dest: Path) -> None:
        try:
            await _in_thread(os.replace, part, dest)
        except OSError as exc:
            raise _cannot_write(dest, exc) from None
