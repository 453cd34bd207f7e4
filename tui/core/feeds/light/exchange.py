"""One fetch by the light fetcher, in a worker thread: the hops, the body, the failures."""

from __future__ import annotations

import http.client
import socket
import ssl
import time
from typing import TYPE_CHECKING, Protocol
from urllib.parse import urljoin, urlsplit

from tui.core.errors import FetchError
from tui.core.feeds.fetching import (
    Body,
    FetchResult,
    Validators,
    answer_without_body,
    received_validators,
)
from tui.core.feeds.light.target import Target
from tui.core.net.messages import (
    display_url,
    error_text,
    seconds,
    tls_message,
)

if TYPE_CHECKING:
    from http.cookiejar import CookieJar

__all__ = ["Connections", "Exchange"]

REDIRECTS = frozenset({301, 302, 303, 307, 308})
PERMANENT = frozenset({301, 308})
READ_SIZE = 256 * 1024  # largest piece read from a connection at once


class Connections(Protocol):
    """What an exchange needs of its fetcher: the limits, and connections to servers."""

    connect_timeout: float
    read_timeout: float
    max_redirects: int

    def connection(self, target: Target, timeout: float) -> http.client.HTTPConnection: ...

    def keep(self, target: Target, connection: http.client.HTTPConnection) -> None: ...


class Exchange:
    """One feed fetch, run in a worker thread: the hops, then the body."""

    def __init__(
        self,
        fetcher: Connections,
        start: Target,
        headers: dict[str, str],
        end: float,
        deadline: float,
        what: str,
        limit: int,
        validators: Validators,
    ) -> None:
        self.fetcher = fetcher
        self.start = start
        self.headers = headers
        self.end = end
        self.deadline = deadline
        self.what = what
        self.limit = limit
        self.validators = validators  # sent, for a conditional request
        self.abandoned = False
        self.host = start.host

    # ------------------------------------------------------------------ timing

    def _timeout(self, limit: float) -> tuple[float, bool]:
        """The timeout for the next socket step, and whether the deadline sets it."""
        if self.abandoned:
            raise FetchError("cancelled")
        left = self.end - time.monotonic()
        if left <= 0:
            raise self._late()
        return (left, True) if left < limit else (limit, False)

    def _late(self) -> FetchError:
        return FetchError(f"timed out after {seconds(self.deadline)}")

    # ------------------------------------------------------------------ the hops

    def run(self) -> FetchResult:
        jar: CookieJar | None = None
        current = self.start
        seen: set[tuple[str, tuple[tuple[str, str], ...]]] = set()
        permanent = True
        hops = 0
        while True:
            self.host = current.host
            seen.add((current.url, _cookies(jar)))
            headers = dict(self.headers)
            if jar is not None:
                cookie = _cookie_header(jar, current.url)
                if cookie:
                    headers["Cookie"] = cookie
            connection, response = self._send(current, headers)
            status = response.status
            if status not in REDIRECTS:
                moved = current.url if hops and permanent else None
                if moved == self.start.url:
                    moved = None
                return self._result(current, connection, response, moved)
            connection.close()
            location = (response.getheader("location") or "").strip()
            if not location:
                raise FetchError(f"HTTP {status} redirect without a Location header")
            try:
                joined = urljoin(current.url, location)
                scheme = urlsplit(joined).scheme.lower()
            except ValueError:
                raise FetchError(f"invalid redirect target: {display_url(location)}") from None
            if scheme not in ("http", "https"):
                raise FetchError(f"redirect to a non-http(s) URL: {display_url(joined)}")
            try:
                target = Target(joined)
            except FetchError:
                raise FetchError(f"invalid redirect target: {display_url(location)}") from None
            if response.getheader("set-cookie"):
                jar = _remember_cookies(jar, current.url, response)
            permanent = permanent and status in PERMANENT
            hops += 1
            if (target.url, _cookies(jar)) in seen:
                raise FetchError(f"redirect loop at {display_url(target.url)}")
            if hops > self.fetcher.max_redirects:
                raise FetchError(f"too many redirects (more than {self.fetcher.max_redirects})")
            current = target

    def _send(
        self, target: Target, headers: dict[str, str]
    ) -> tuple[http.client.HTTPConnection, http.client.HTTPResponse]:
        """Send the request (again on a new connection when a kept-alive one turns out
        closed) and read the response's head."""
        fetcher = self.fetcher
        for attempt in (1, 2):
            timeout, by_deadline = self._timeout(fetcher.connect_timeout)
            connection = fetcher.connection(target, timeout)
            reused = connection.sock is not None
            try:
                if not reused:
                    connection.timeout = timeout
                    connection.connect()
            except OSError as exc:
                connection.close()
                if by_deadline and isinstance(exc, TimeoutError):
                    raise self._late() from None
                raise self._connect_failure(exc) from None
            try:
                self._arm(connection, self.fetcher.read_timeout)
                connection.request("GET", target.target, headers=headers)
                self._arm(connection, self.fetcher.read_timeout)
                return connection, connection.getresponse()
            except (http.client.RemoteDisconnected, ConnectionError) as exc:
                connection.close()
                if reused and attempt == 1:
                    continue  # the server closed the idle connection meanwhile
                raise self._read_failure(exc, False) from None
            except (OSError, http.client.HTTPException) as exc:
                connection.close()
                raise self._read_failure(exc, self._by_deadline()) from None
        raise AssertionError("unreachable")

    def _arm(self, connection: http.client.HTTPConnection, limit: float) -> None:
        timeout, _ = self._timeout(limit)
        if connection.sock is not None:
            connection.sock.settimeout(timeout)

    def _by_deadline(self) -> bool:
        return self.end - time.monotonic() < self.fetcher.read_timeout

    # ------------------------------------------------------------------ the body

    def _result(
        self,
        target: Target,
        connection: http.client.HTTPConnection,
        response: http.client.HTTPResponse,
        moved: str | None,
    ) -> FetchResult:
        got = received_validators(response.getheader("etag"), response.getheader("last-modified"))
        try:
            early = answer_without_body(
                response.status, target.url, moved, self.validators, got, self.what
            )
            if early is not None:
                self._release(target, connection, response)
                return early
            body = Body(
                response.getheader("content-encoding"),
                response.getheader("content-length"),
                self.limit,
            )
            content = self._body(connection, response, body)
        except BaseException:
            connection.close()
            raise
        self._release(target, connection, response)
        return FetchResult(target.url, 200, content, *got, moved)

    def _release(
        self,
        target: Target,
        connection: http.client.HTTPConnection,
        response: http.client.HTTPResponse,
    ) -> None:
        """Keep the connection for the next fetch from its server, if it may stay open."""
        if response.will_close or self.abandoned or response.length:
            connection.close()
        else:
            response.close()
            self.fetcher.keep(target, connection)

    def _body(
        self, connection: http.client.HTTPConnection, response: http.client.HTTPResponse, body: Body
    ) -> bytes:
        while True:
            self._arm(connection, self.fetcher.read_timeout)
            try:
                raw = response.read1(READ_SIZE)
            except (OSError, http.client.HTTPException) as exc:
                raise self._read_failure(exc, self._by_deadline()) from None
            if not raw:
                break
            body.add(raw)
        if response.length:  # the server closed before the length it announced
            raise self._read_failure(http.client.IncompleteRead(b""), False)
        return body.finish()

    # ------------------------------------------------------------------ failures

    def _connect_failure(self, exc: OSError) -> FetchError:
        host = self.host
        if isinstance(exc, socket.gaierror):
            return FetchError(f"cannot resolve host {host}")
        if isinstance(exc, ssl.SSLError):
            return FetchError(tls_message(exc))
        if isinstance(exc, ConnectionRefusedError):
            return FetchError(f"connection refused by {host}")
        if isinstance(exc, TimeoutError):
            timeout = seconds(self.fetcher.connect_timeout)
            return FetchError(f"cannot connect to {host}: timed out after {timeout}")
        reason = exc.strerror or error_text(exc) or "connection failed"
        return FetchError(f"cannot connect to {host}: {reason}")

    def _read_failure(self, exc: BaseException, by_deadline: bool) -> FetchError:
        host = self.host
        if isinstance(exc, FetchError):
            return exc
        if isinstance(exc, TimeoutError):
            if by_deadline:
                return self._late()
            return FetchError(f"no data from {host} for {seconds(self.fetcher.read_timeout)}")
        if isinstance(exc, http.client.IncompleteRead):
            return FetchError(f"{host} closed the connection before the response was complete")
        if isinstance(exc, http.client.RemoteDisconnected):
            return FetchError(f"{host} closed the connection without a response")
        if isinstance(exc, http.client.HTTPException):
            return FetchError(f"{host} broke the HTTP protocol: {error_text(exc)}")
        text = error_text(exc)
        return FetchError(
            f"connection to {host} lost: {text}" if text else f"connection to {host} lost"
        )


# ---------------------------------------------------------------------- cookies


def _cookies(jar: CookieJar | None) -> tuple[tuple[str, str], ...]:
    if jar is None:
        return ()
    return tuple(sorted((cookie.name, cookie.value or "") for cookie in jar))


def _remember_cookies(
    jar: CookieJar | None, url: str, response: http.client.HTTPResponse
) -> CookieJar:
    """The cookies a redirect sets, kept for the rest of this fetch only."""
    from http.cookiejar import CookieJar, DefaultCookiePolicy  # lazy: cookies are rare
    from urllib.request import Request  # lazy: urllib.request loads slowly

    if jar is None:
        jar = CookieJar(DefaultCookiePolicy())
    jar.extract_cookies(response, Request(url))
    return jar


def _cookie_header(jar: CookieJar, url: str) -> str | None:
    from urllib.request import Request  # lazy: only once a redirect has set a cookie

    request = Request(url)
    jar.add_cookie_header(request)
    return request.get_header("Cookie")
