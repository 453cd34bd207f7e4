"""The light fetcher: its settings, slots, worker threads, TLS context and idle connections."""

from __future__ import annotations

import asyncio
import http.client
import os
import ssl
import threading
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from tui.core.errors import FetchError
from tui.core.feeds.fetching import FEED_ACCEPT, FetchLimits, FetchResult, Slots
from tui.core.feeds.light.exchange import Exchange
from tui.core.feeds.light.target import Target
from tui.core.net.decoders import ACCEPT_ENCODING
from tui.core.net.headers import header_value
from tui.core.net.messages import seconds
from tui.core.net.proxies import proxies_configured

if TYPE_CHECKING:
    from tui.core.feeds.fetch import Fetcher

__all__ = ["LightFetcher"]

_IDLE_PER_HOST = 2  # kept-alive connections kept per server


class LightFetcher(FetchLimits):
    """Fetches feeds through ``http.client`` in worker threads (see the module's text).

    Takes the settings of the shared client it stands in for. Use as an async context
    manager or call :meth:`aclose`."""

    def _begin(self) -> None:
        self._closed = False
        self._slots = Slots(self.per_host, self.max_connections)
        self._pool: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()  # the TLS context and the idle connections
        self._tls: ssl.SSLContext | None = None
        self._idle: dict[tuple[bool, str, int], list[http.client.HTTPConnection]] = {}
        self._proxied = proxies_configured()
        self._shared: Fetcher | None = None

    async def __aenter__(self) -> LightFetcher:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        self._closed = True
        if self._shared is not None:
            await self._shared.aclose()
        with self._lock:
            idle = [connection for group in self._idle.values() for connection in group]
            self._idle.clear()
        for connection in idle:
            connection.close()
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)

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
        """GET a feed's bytes (conditionally when validators are given); the same as
        :meth:`tui.core.feeds.fetch.Fetcher.fetch_feed`."""
        if self._closed:
            raise RuntimeError("the fetcher is closed")
        if self._proxied:
            return await self._through_shared().fetch_feed(
                url,
                etag=etag,
                last_modified=last_modified,
                accept=accept,
                headers=headers,
                what=what,
                deadline=deadline,
                max_bytes=max_bytes,
            )
        start = Target(url)
        etag, last_modified = header_value(etag), header_value(last_modified)
        seconds_left = self.deadline if deadline is None else deadline
        sent = {
            "User-Agent": self.user_agent,
            "Accept-Encoding": ACCEPT_ENCODING,
            **(headers or {}),
            "Accept": accept,
        }
        if etag:
            sent["If-None-Match"] = etag
        if last_modified:
            sent["If-Modified-Since"] = last_modified
        async with self._slots.hold(start.host):
            exchange = Exchange(
                self,
                start,
                sent,
                time.monotonic() + seconds_left,
                seconds_left,
                what,
                self.max_bytes if max_bytes is None else max_bytes,
                (etag, last_modified),
            )
            work = asyncio.get_running_loop().run_in_executor(self._workers(), exchange.run)
            try:
                # The worker keeps the deadline itself; this also covers a name lookup,
                # which no socket timeout reaches.
                async with asyncio.timeout(seconds_left + 1.0):
                    return await work
            except TimeoutError:
                raise FetchError(f"timed out after {seconds(seconds_left)}") from None
            finally:
                exchange.abandoned = True

    # ------------------------------------------------------------------ plumbing

    def _through_shared(self) -> Fetcher:
        if self._shared is None:
            from tui.core.feeds.fetch import Fetcher  # lazy: httpx, for proxies alone

            self._shared = Fetcher(
                connect_timeout=self.connect_timeout,
                read_timeout=self.read_timeout,
                deadline=self.deadline,
                max_bytes=self.max_bytes,
                max_redirects=self.max_redirects,
                max_connections=self.max_connections,
                per_host=self.per_host,
                user_agent=self.user_agent,
            )
        return self._shared

    def _workers(self) -> ThreadPoolExecutor:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(self.max_connections, "podtui-fetch")
        return self._pool

    def _tls_context(self) -> ssl.SSLContext:
        """The CA certificates trusted as httpx trusts them: ``SSL_CERT_FILE``, else
        ``SSL_CERT_DIR``, else certifi's bundle (read on the first https fetch)."""
        with self._lock:
            if self._tls is None:
                try:
                    if os.environ.get("SSL_CERT_FILE"):
                        context = ssl.create_default_context(cafile=os.environ["SSL_CERT_FILE"])
                    elif os.environ.get("SSL_CERT_DIR"):
                        context = ssl.create_default_context(capath=os.environ["SSL_CERT_DIR"])
                    else:
                        import certifi  # lazy: https only

                        context = ssl.create_default_context(cafile=certifi.where())
                except (ImportError, ValueError, OSError) as exc:
                    raise FetchError(f"cannot set up the HTTP client: {exc}") from None
                self._tls = context
            return self._tls

    def connection(self, target: Target, timeout: float) -> http.client.HTTPConnection:
        """An idle kept-alive connection to ``target``'s server, else a new (unopened) one."""
        with self._lock:
            idle = self._idle.get(target.key)
            if idle:
                return idle.pop()
        if target.https:
            return http.client.HTTPSConnection(
                target.host, target.port, timeout=timeout, context=self._tls_context()
            )
        return http.client.HTTPConnection(target.host, target.port, timeout=timeout)

    def keep(self, target: Target, connection: http.client.HTTPConnection) -> None:
        with self._lock:
            idle = self._idle.setdefault(target.key, [])
            if not self._closed and len(idle) < _IDLE_PER_HOST:
                idle.append(connection)
                return
        connection.close()
